import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';

export type DeliveryOutcomeGroup = 'day' | 'week' | 'month' | 'location' | 'carrier';

export interface DeliveryOutcomeRow {
  key: string;
  delivered: number;
  withPromise: number;
  onTime: number;
  /** Σ local days late over the late orders. */
  daysLate: number;
}

/**
 * Delivered orders against their stored promise (order_promises), the read model of the on-time report
 * (docs/reports.md). An order is delivered when every shipment of it that was not voided has a delivery; its
 * delivery is the last of them (local day in `timeZone`), and the location and carrier are that last
 * shipment's. It is on time when that day is on or before the promised date. Orders delivered in
 * [start, end) only: the shipments of the range are found by `shipments_delivered_idx`.
 */
export async function deliveryOutcomes(
  db: Db,
  q: { start: Date; end: Date; timeZone: string; groupBy: DeliveryOutcomeGroup; locationCode?: string; carrierCode?: string },
): Promise<{ rows: DeliveryOutcomeRow[]; totals: DeliveryOutcomeRow }> {
  const tz = q.timeZone;
  const key = {
    day: sql`to_char(d.day, 'YYYY-MM-DD')`,
    week: sql`to_char(d.day, 'IYYY-"W"IW')`,
    month: sql`to_char(d.day, 'YYYY-MM')`,
    location: sql`d.location_code`,
    carrier: sql`d.carrier_code`,
  }[q.groupBy];
  const base = sql`
    with touched as (
      select distinct order_id from shipments
      where delivered_at >= ${q.start.toISOString()}::timestamptz and delivered_at < ${q.end.toISOString()}::timestamptz and voided_at is null),
    per_order as (
      select s.order_id, bool_and(s.delivered_at is not null) as complete, max(s.delivered_at) as delivered_at,
        (array_agg(s.location_code order by s.delivered_at desc nulls first, s.id))[1] as location_code,
        (array_agg(s.carrier_code order by s.delivered_at desc nulls first, s.id))[1] as carrier_code
      from shipments s join touched t on t.order_id = s.order_id where s.voided_at is null group by s.order_id),
    d as (
      select o.order_id, o.location_code, o.carrier_code, (o.delivered_at at time zone ${tz}::text)::date as day,
        p.promised_date::date as promised
      from per_order o left join order_promises p on p.order_id = o.order_id
      where o.complete and o.delivered_at >= ${q.start.toISOString()}::timestamptz and o.delivered_at < ${q.end.toISOString()}::timestamptz
        ${q.locationCode ? sql`and o.location_code = ${q.locationCode}` : sql``}
        ${q.carrierCode ? sql`and o.carrier_code = ${q.carrierCode}` : sql``})`;
  const stats = sql`count(*)::int as delivered, count(d.promised)::int as with_promise,
    count(*) filter (where d.day <= d.promised)::int as on_time,
    coalesce(sum(d.day - d.promised) filter (where d.day > d.promised), 0)::int as days_late`;
  type Row = { key: string | null; delivered: number; with_promise: number; on_time: number; days_late: number };
  const rows = await queryRows<Row>(db, sql`${base} select ${key} as key, ${stats} from d group by 1 order by 1`);
  const [t] = await queryRows<Row>(db, sql`${base} select null as key, ${stats} from d`);
  const fig = (r: Row): DeliveryOutcomeRow => ({ key: r.key ?? '', delivered: r.delivered, withPromise: r.with_promise, onTime: r.on_time, daysLate: r.days_late });
  return { rows: rows.map(fig), totals: fig(t!) };
}
