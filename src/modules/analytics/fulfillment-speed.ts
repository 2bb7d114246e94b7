import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { addDays, startOfLocalDay } from '../../domain/local-time.js';
import { validation } from '../../platform/errors.js';
import { cell } from './csv-cells.js';

const date = z.iso.date('must be a date YYYY-MM-DD');
export const fulfillmentSpeedQuery = z.object({
  from: date.describe('First local day (inclusive) a shipment was handed to the carrier, shop time zone'),
  to: date.describe('Last local day (inclusive)'),
  groupBy: z.enum(['week', 'location', 'location_week']).default('location_week'),
  locationCode: z.string().min(1).max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type FulfillmentSpeedQuery = z.infer<typeof fulfillmentSpeedQuery>;

const figures = {
  shipments: z.number().int(),
  p50Hours: z.number().describe('Median hours from placement to hand-off'),
  p90Hours: z.number(),
  averageHours: z.number(),
};
export const fulfillmentSpeedSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.string(),
    timeZone: z.string(),
    rows: z.array(z.object({ week: z.string().nullable().describe('ISO week of the hand-off, e.g. 2026-W10'), locationCode: z.string().nullable(), ...figures })),
    totals: z.object(figures),
  })
  .meta({ id: 'FulfillmentSpeedReport' });
export type FulfillmentSpeedJson = z.infer<typeof fulfillmentSpeedSchema>;

const r1 = (x: number | string | null) => Math.round(Number(x ?? 0) * 10) / 10;

/**
 * Placement → shipped: hours from the order's placement to each shipment's hand-off to the carrier (voided labels
 * left out), p50 / p90 / mean per ISO week of the hand-off and ship-from location (docs/reports.md).
 */
export async function fulfillmentSpeed(db: Db, q: FulfillmentSpeedQuery, opts: { timeZone: string }): Promise<FulfillmentSpeedJson> {
  if (q.from > q.to) throw validation([{ path: 'to', message: 'must not be before from' }]);
  const start = startOfLocalDay(q.from, opts.timeZone).toISOString();
  const end = startOfLocalDay(addDays(q.to, 1), opts.timeZone).toISOString();
  const where = sql`s.handed_off_at >= ${start}::timestamptz and s.handed_off_at < ${end}::timestamptz and s.voided_at is null
    ${q.locationCode ? sql`and s.location_code = ${q.locationCode}` : sql``}`;
  const week = sql`to_char(s.handed_off_at at time zone ${opts.timeZone}::text, 'IYYY-"W"IW')`;
  const keys = q.groupBy === 'week' ? sql`${week} as week, null::text as location_code` : q.groupBy === 'location' ? sql`null::text as week, s.location_code` : sql`${week} as week, s.location_code`;
  const group = q.groupBy === 'week' ? sql`1` : q.groupBy === 'location' ? sql`2` : sql`1, 2`;
  const hours = sql`extract(epoch from s.handed_off_at - o.placed_at) / 3600.0`;
  const stats = sql`count(*)::int as shipments, percentile_cont(0.5) within group (order by ${hours}) as p50, percentile_cont(0.9) within group (order by ${hours}) as p90, avg(${hours}) as avg`;
  type Row = { week: string | null; location_code: string | null; shipments: number; p50: string | null; p90: string | null; avg: string | null };
  const rows = await queryRows<Row>(db, sql`select ${keys}, ${stats} from shipments s join orders o on o.id = s.order_id where ${where} group by ${group} order by ${group}`);
  const [t] = await queryRows<Row>(db, sql`select null as week, null as location_code, ${stats} from shipments s join orders o on o.id = s.order_id where ${where}`);
  const fig = (r: Row) => ({ shipments: r.shipments, p50Hours: r1(r.p50), p90Hours: r1(r.p90), averageHours: r1(r.avg) });
  return {
    from: q.from,
    to: q.to,
    groupBy: q.groupBy,
    timeZone: opts.timeZone,
    rows: rows.map((r) => ({ week: r.week, locationCode: r.location_code, ...fig(r) })),
    totals: fig(t!),
  };
}

export const fulfillmentSpeedCsv = (r: FulfillmentSpeedJson): string =>
  `${['week,location_code,shipments,p50_hours,p90_hours,average_hours', ...r.rows.map((x) => [x.week, x.locationCode, x.shipments, x.p50Hours, x.p90Hours, x.averageHours].map(cell).join(','))].join('\n')}\n`;
