import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { formatDecimal, parseDecimal } from '../../domain/decimal.js';
import { validation } from '../../platform/errors.js';
import { addDays } from '../../domain/local-time.js';
import { cell } from './csv-cells.js';

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

/**
 * Top products (by SKU) or customers by gross sales in a range: sale lines only, same definitions as the sales
 * report. Reads the roll-ups only: sales_sku_daily for products, sales_facts (one row per order) for customers.
 */
export async function topReport(db: Db, q: TopQuery, _opts: { timeZone: string }): Promise<TopJson> {
  if (q.from > q.to) throw validation([{ path: 'to', message: 'must not be before from' }]);
  const rows =
    q.by === 'product'
      ? await queryRows<{ key: string; name: string; orders: number; units: string; gross: string }>(db, sql`
          select t.key, coalesce(p.name, t.key) as name, t.orders, t.units, t.gross from (
            select sku as key, sum(orders)::int as orders, sum(units)::text as units, sum(gross_sales) as g, sum(gross_sales)::numeric(20, 6)::text as gross
            from (${skuRows(q)}) r
            group by sku having sum(units) > 0 order by sum(gross_sales) desc, sku limit ${q.limit}) t
          left join products p on p.sku = t.key
          order by t.g desc, t.key`)
      : await queryRows<{ key: string; name: string; orders: number; units: string; gross: string }>(db, sql`
          select t.key, coalesce(c.name, t.key) as name, t.orders, t.units, t.gross from (
            select customer_id as key, sum(orders)::int as orders, sum(units)::text as units, sum(gross_sales) as g, sum(gross_sales)::numeric(20, 6)::text as gross
            from sales_facts where day between ${q.from}::date and ${q.to}::date and currency = ${q.currency} and customer_id is not null and orders > 0
            group by customer_id order by sum(gross_sales) desc, customer_id limit ${q.limit}) t
          left join customers c on c.id::text = t.key
          order by t.g desc, t.key`);
  return {
    by: q.by,
    currency: q.currency,
    rows: rows.map((r) => ({ key: r.key, name: r.name, orders: r.orders, units: Number(r.units), grossSales: { amount: formatDecimal(parseDecimal(r.gross) ?? 0n, 2), currency: q.currency } })),
  };
}

/** First day of the month after `d`'s month. */
const nextMonth = (d: string) => {
  const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * The SKU rows of a range: whole months from sales_sku_monthly, the days before the first and after the last whole
 * month from sales_sku_daily (a year is ~12 monthly rows per SKU instead of ~300 daily ones).
 */
export function skuRows(q: { from: string; to: string; currency?: string }): SQL {
  const firstFull = q.from.endsWith('-01') ? q.from : nextMonth(q.from);
  const afterTo = addDays(q.to, 1);
  const endFull = afterTo.endsWith('-01') ? afterTo : `${q.to.slice(0, 7)}-01`;
  const cols = sql`sku, orders, units, gross_sales`;
  const cur = q.currency ? sql`currency = ${q.currency}` : sql`true`;
  if (firstFull >= endFull) return sql`select ${cols} from sales_sku_daily where ${cur} and day between ${q.from}::date and ${q.to}::date`;
  return sql`
    select ${cols} from sales_sku_monthly where ${cur} and month >= ${firstFull}::date and month < ${endFull}::date
    union all select ${cols} from sales_sku_daily where ${cur} and day >= ${q.from}::date and day < ${firstFull}::date
    union all select ${cols} from sales_sku_daily where ${cur} and day >= ${endFull}::date and day <= ${q.to}::date`;
}

export const topReportCsv = (r: TopJson): string =>
  `${['key,name,orders,units,gross_sales,currency', ...r.rows.map((x) => [x.key, x.name, x.orders, x.units, x.grossSales.amount, r.currency].map(cell).join(','))].join('\n')}\n`;
