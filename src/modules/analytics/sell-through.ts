import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { addDays, localDate } from '../../domain/local-time.js';
import { validation } from '../../platform/errors.js';
import { csvOf } from './csv-cells.js';
import { skuRows } from './top-report.js';

const date = z.iso.date('must be a date YYYY-MM-DD');
export const sellThroughQuery = z.object({
  from: date.describe('First local day (inclusive) of the sales counted'),
  to: date.describe('Last local day (inclusive)'),
  deadDays: z.coerce.number().int().min(1).max(3650).default(90).describe('Dead stock: on hand and no sale in this many local days up to today'),
  onlyDead: z.enum(['true', 'false']).default('false').describe('true: only dead stock'),
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('Rows, lowest sell-through first'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type SellThroughQuery = z.infer<typeof sellThroughQuery>;

export const sellThroughSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    asOf: z.string(),
    deadDays: z.number().int(),
    timeZone: z.string(),
    rows: z.array(
      z.object({
        sku: z.string(),
        unitsSold: z.number().int().describe('Units on sale lines in the range (sales roll-up, every currency)'),
        onHand: z.number().int().describe('On hand now, all locations'),
        sellThrough: z.number().nullable().describe('unitsSold / (unitsSold + onHand), 4 decimals; null when both are 0'),
        dead: z.boolean().describe('onHand > 0 and no sale in the last deadDays local days'),
      }),
    ),
    deadSkus: z.number().int().describe('All dead SKUs, not only the rows shown'),
  })
  .meta({ id: 'SellThroughReport' });
export type SellThroughJson = z.infer<typeof sellThroughSchema>;

/**
 * Sell-through per SKU over a range and dead stock (docs/reports.md, "Sell-through and dead stock"). Sales from the
 * per-SKU roll-ups (sales_sku_monthly / sales_sku_daily), on hand from inventory_levels, the recent-sale check a
 * range of sales_sku_daily's primary key (day first).
 */
export async function sellThrough(db: Db, q: SellThroughQuery, opts: { timeZone: string; today: Date }): Promise<SellThroughJson> {
  if (q.from > q.to) throw validation([{ path: 'to', message: 'must not be before from' }]);
  const asOf = localDate(opts.today, opts.timeZone);
  const since = addDays(asOf, 1 - q.deadDays);
  const base = sql`
    with sold as (select sku, sum(units)::bigint as units from (${skuRows({ from: q.from, to: q.to })}) r group by sku),
    stock as (select sku, sum(on_hand)::bigint as on_hand from inventory_levels group by sku),
    recent as (select distinct sku from sales_sku_daily where day >= ${since}::date and day <= ${asOf}::date and units > 0),
    t as (
      select coalesce(s.sku, k.sku) as sku, coalesce(s.units, 0)::int as sold, coalesce(k.on_hand, 0)::int as on_hand,
        (coalesce(k.on_hand, 0) > 0 and not exists (select 1 from recent r where r.sku = coalesce(s.sku, k.sku))) as dead
      from sold s full join stock k on k.sku = s.sku)`;
  type Row = { sku: string; sold: number; on_hand: number; dead: boolean };
  const onlyDead = q.onlyDead === 'true' ? sql`where dead` : sql`where sold + on_hand > 0`;
  const rows = await queryRows<Row>(db, sql`${base} select * from t ${onlyDead}
    order by case when sold + on_hand = 0 then 1 else sold::numeric / (sold + on_hand) end, sku limit ${q.limit}`);
  const [c] = await queryRows<{ n: number }>(db, sql`${base} select count(*) filter (where dead)::int as n from t`);
  return {
    from: q.from,
    to: q.to,
    asOf,
    deadDays: q.deadDays,
    timeZone: opts.timeZone,
    rows: rows.map((r) => ({ sku: r.sku, unitsSold: r.sold, onHand: r.on_hand, sellThrough: r.sold + r.on_hand ? Math.round((r.sold / (r.sold + r.on_hand)) * 10_000) / 10_000 : null, dead: r.dead })),
    deadSkus: c!.n,
  };
}

export const sellThroughCsv = (r: SellThroughJson): string =>
  csvOf('sku,units_sold,on_hand,sell_through,dead', r.rows.map((x) => [x.sku, x.unitsSold, x.onHand, x.sellThrough, String(x.dead)]));
