import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { formatDecimal, parseDecimal } from '../../domain/decimal.js';
import { startOfLocalDay, addDays } from '../../domain/local-time.js';
import { validation } from '../../platform/errors.js';
import { exponentsTable } from './sales-facts.js';

const date = z.iso.date('must be a date YYYY-MM-DD');
export const topQuery = z.object({
  by: z.enum(['product', 'customer']).default('product'),
  from: date.describe('First local day (inclusive), shop time zone'),
  to: date.describe('Last local day (inclusive)'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as GBP'),
  limit: z.coerce.number().int().min(1).max(500).default(20),
  format: z.enum(['json', 'csv']).default('json'),
});
export type TopQuery = z.infer<typeof topQuery>;

export const topSchema = z
  .object({
    by: z.string(),
    currency: z.string(),
    rows: z.array(z.object({ key: z.string(), name: z.string(), orders: z.number().int(), units: z.number().int(), grossSales: z.object({ amount: z.string(), currency: z.string() }) })),
  })
  .meta({ id: 'TopReport' });
export type TopJson = z.infer<typeof topSchema>;

/** Top products (by SKU) or customers by gross sales in a range: sale lines only, same definitions as the sales report. */
export async function topReport(db: Db, q: TopQuery, opts: { timeZone: string }): Promise<TopJson> {
  if (q.from > q.to) throw validation([{ path: 'to', message: 'must not be before from' }]);
  const start = startOfLocalDay(q.from, opts.timeZone).toISOString();
  const end = startOfLocalDay(addDays(q.to, 1), opts.timeZone).toISOString();
  const key = q.by === 'product' ? sql`l.sku` : sql`o.customer_id::text`;
  const name = q.by === 'product' ? sql`max(l.name)` : sql`max(o.customer_name)`;
  const rows = await queryRows<{ key: string; name: string; orders: number; units: string; gross: string }>(db, sql`
    select ${key} as key, ${name} as name, count(distinct o.id)::int as orders, sum(l.quantity_ordered)::text as units, sum(l.quantity_ordered * p.price)::numeric(20, 6)::text as gross
    from orders o
    join order_lines l on l.order_id = o.id
    left join order_line_exact_prices e on e.order_line_id = l.id
    left join ${exponentsTable} on x.cur = o.currency
    cross join lateral (select coalesce(e.unit_price, l.unit_price_amount::numeric / (10::numeric ^ coalesce(x.exp, 2))) as price) p
    where o.placed_at >= ${start}::timestamptz and o.placed_at < ${end}::timestamptz and o.currency = ${q.currency}
      and l.quantity_ordered > 0 and p.price > 0
    group by 1 order by sum(l.quantity_ordered * p.price) desc, 1 limit ${q.limit}`);
  return {
    by: q.by,
    currency: q.currency,
    rows: rows.map((r) => ({ key: r.key, name: r.name, orders: r.orders, units: Number(r.units), grossSales: { amount: formatDecimal(parseDecimal(r.gross) ?? 0n, 2), currency: q.currency } })),
  };
}

const cell = (v: string | number) => (typeof v === 'number' || /^[\w .:-]*$/.test(v) ? String(v) : `"${v.replace(/"/g, '""')}"`);
export const topReportCsv = (r: TopJson): string =>
  `${['key,name,orders,units,gross_sales,currency', ...r.rows.map((x) => [x.key, x.name, x.orders, x.units, x.grossSales.amount, r.currency].map(cell).join(','))].join('\n')}\n`;
