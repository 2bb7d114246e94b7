import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { addDays, startOfLocalDay } from '../../domain/local-time.js';
import { validation } from '../../platform/errors.js';
import { ordersPlacedSql } from '../orders/index.js';
import { fulfillmentTimelineSql } from '../fulfillment/index.js';
import { shipmentTimelineSql } from '../shipping/index.js';
import { csvOf } from './csv-cells.js';

/** The stages of an order's way, in order; each is measured between the instants named in its key. */
export const fulfillmentStages = ['placed_released', 'released_picked', 'picked_packed', 'packed_shipped', 'shipped_delivered', 'placed_delivered'] as const;
export type FulfillmentStage = (typeof fulfillmentStages)[number];

const date = z.iso.date('must be a date YYYY-MM-DD');
export const fulfillmentStagesQuery = z.object({
  from: date.describe('First local day (inclusive) an order was placed, shop time zone'),
  to: date.describe('Last local day (inclusive)'),
  channel: z.string().min(1).max(64).optional().describe('Only orders of this channel'),
  country: z.string().min(1).max(64).optional().describe('Only orders shipped to this country'),
  location: z.string().min(1).max(64).optional().describe('Only fulfillment orders of this location'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type FulfillmentStagesQuery = z.infer<typeof fulfillmentStagesQuery>;

const figures = z.object({
  count: z.number().int().describe('Fulfillment orders that reached both ends of the stage'),
  p50Hours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  p99Hours: z.number().nullable(),
});
const stages = z.object(Object.fromEntries(fulfillmentStages.map((s) => [s, figures])) as Record<FulfillmentStage, typeof figures>);
export const fulfillmentStagesSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    stages: z.array(z.string()).describe('The stage keys, in order'),
    rows: z.array(z.object({ locationCode: z.string(), stages })).describe('Per location of the fulfillment order'),
    totals: stages,
  })
  .meta({ id: 'FulfillmentStagesReport' });
export type FulfillmentStagesJson = z.infer<typeof fulfillmentStagesSchema>;

/** Hours as percentile_cont answers them, rounded to 2 decimals. */
const r2 = (x: number | string | null) => (x === null ? null : Math.round(Number(x) * 100) / 100);

/**
 * Fulfillment speed per stage (docs/reports.md, "Fulfillment speed per stage"): for the fulfillment orders of the
 * orders placed on [from, to] (local days), hours of each stage placed → released → picked → packed → shipped →
 * delivered (and placed → delivered end to end), p50 / p90 / p99 (`percentile_cont`) per location and in total.
 * Each module owning a timestamp provides its query; this composes them in one statement.
 */
export async function fulfillmentStageSpeed(db: Db, q: FulfillmentStagesQuery, opts: { timeZone: string }): Promise<FulfillmentStagesJson> {
  if (q.from > q.to) throw validation([{ path: 'to', message: 'must not be before from' }]);
  const start = startOfLocalDay(q.from, opts.timeZone);
  const end = startOfLocalDay(addDays(q.to, 1), opts.timeZone);
  const hours = (a: string, b: string) => sql.raw(`extract(epoch from ${b} - ${a}) / 3600.0`);
  // Pickup orders have no shipment: "shipped" is ready for pickup, "delivered" is collected.
  const rows = await queryRows<{ location_code: string | null; stage: FulfillmentStage; n: number; p50: string | null; p90: string | null; p99: string | null }>(db, sql`
    with o as (${ordersPlacedSql({ start, end, channel: q.channel, country: q.country })}),
    f as (${fulfillmentTimelineSql(sql`select id from o`, q.location)}),
    s as (${shipmentTimelineSql(sql`select id from f`)}),
    t as (
      select f.location_code, o.placed_at as placed, f.released_at as released, f.picked_at as picked, f.packed_at as packed,
        case when f.type = 'pickup' then f.ready_for_pickup_at else s.handed_off_at end as shipped,
        case when f.type = 'pickup' then f.picked_up_at else s.delivered_at end as delivered
      from f join o on o.id = f.order_id left join s on s.fulfillment_order_id = f.id),
    d as (
      select t.location_code, st.stage, st.h from t cross join lateral (values
        ('placed_released', ${hours('t.placed', 't.released')}), ('released_picked', ${hours('t.released', 't.picked')}),
        ('picked_packed', ${hours('t.picked', 't.packed')}), ('packed_shipped', ${hours('t.packed', 't.shipped')}),
        ('shipped_delivered', ${hours('t.shipped', 't.delivered')}), ('placed_delivered', ${hours('t.placed', 't.delivered')})) st(stage, h)
      where st.h is not null)
    select location_code, stage, count(*)::int as n,
      percentile_cont(0.5) within group (order by h) as p50, percentile_cont(0.9) within group (order by h) as p90,
      percentile_cont(0.99) within group (order by h) as p99
    from d group by grouping sets ((location_code, stage), (stage))`);
  const empty = () => Object.fromEntries(fulfillmentStages.map((s) => [s, { count: 0, p50Hours: null, p90Hours: null, p99Hours: null }])) as FulfillmentStagesJson['totals'];
  const totals = empty();
  const byLocation = new Map<string, FulfillmentStagesJson['totals']>();
  for (const r of rows) {
    const fig = { count: r.n, p50Hours: r2(r.p50), p90Hours: r2(r.p90), p99Hours: r2(r.p99) };
    if (r.location_code === null) totals[r.stage] = fig;
    else {
      if (!byLocation.has(r.location_code)) byLocation.set(r.location_code, empty());
      byLocation.get(r.location_code)![r.stage] = fig;
    }
  }
  const locations = [...byLocation.keys()].sort();
  return { from: q.from, to: q.to, timeZone: opts.timeZone, stages: [...fulfillmentStages], rows: locations.map((l) => ({ locationCode: l, stages: byLocation.get(l)! })), totals };
}

/** One CSV line per location and stage, then the totals (location `all`). */
export const fulfillmentStagesCsv = (r: FulfillmentStagesJson): string =>
  csvOf(
    'location_code,stage,count,p50_hours,p90_hours,p99_hours',
    [...r.rows, { locationCode: 'all', stages: r.totals }].flatMap((x) => fulfillmentStages.map((s) => [x.locationCode, s, x.stages[s].count, x.stages[s].p50Hours, x.stages[s].p90Hours, x.stages[s].p99Hours])),
  );
