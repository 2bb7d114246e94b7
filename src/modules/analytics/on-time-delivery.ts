import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { addDays, startOfLocalDay } from '../../domain/local-time.js';
import { validation } from '../../platform/errors.js';
import { deliveryOutcomes, type DeliveryOutcomeRow } from '../shipping/index.js';
import { cell } from './csv-cells.js';

const date = z.iso.date('must be a date YYYY-MM-DD');
export const onTimeDeliveryQuery = z.object({
  from: date.describe('First local day (inclusive) an order was delivered, shop time zone'),
  to: date.describe('Last local day (inclusive)'),
  groupBy: z.enum(['day', 'week', 'month', 'location', 'carrier']).default('week').describe('week = ISO week of the delivery, key 2026-W10; location / carrier of the last shipment delivered'),
  locationCode: z.string().min(1).max(64).optional().describe('Only orders whose last shipment left this location'),
  carrier: z.string().min(1).max(64).optional().describe('Only orders whose last shipment went with this carrier'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type OnTimeDeliveryQuery = z.infer<typeof onTimeDeliveryQuery>;

const figures = {
  delivered: z.number().int().describe('Orders delivered in full (their last shipment) in the range'),
  withPromise: z.number().int().describe('Of them, orders with a stored promise'),
  onTime: z.number().int().describe('Delivered on or before the promised date (local day)'),
  late: z.number().int(),
  onTimeShare: z.number().nullable().describe('onTime / withPromise, 4 decimals; null without promised orders'),
  averageDaysLate: z.number().nullable().describe('Mean local days after the promise over late orders, 1 decimal'),
};
export const onTimeDeliverySchema = z
  .object({ from: z.string(), to: z.string(), groupBy: z.string(), timeZone: z.string(), rows: z.array(z.object({ key: z.string(), ...figures })), totals: z.object(figures) })
  .meta({ id: 'OnTimeDeliveryReport' });
export type OnTimeDeliveryJson = z.infer<typeof onTimeDeliverySchema>;

const fig = (r: DeliveryOutcomeRow) => {
  const late = r.withPromise - r.onTime;
  return {
    delivered: r.delivered,
    withPromise: r.withPromise,
    onTime: r.onTime,
    late,
    onTimeShare: r.withPromise ? Math.round((r.onTime / r.withPromise) * 10_000) / 10_000 : null,
    averageDaysLate: late ? Math.round((r.daysLate / late) * 10) / 10 : null,
  };
};

/** Share of delivered orders delivered on or before the promised date (docs/reports.md, "On-time delivery"). */
export async function onTimeDelivery(db: Db, q: OnTimeDeliveryQuery, opts: { timeZone: string }): Promise<OnTimeDeliveryJson> {
  if (q.from > q.to) throw validation([{ path: 'to', message: 'must not be before from' }]);
  const start = startOfLocalDay(q.from, opts.timeZone);
  const end = startOfLocalDay(addDays(q.to, 1), opts.timeZone);
  const r = await deliveryOutcomes(db, { start, end, timeZone: opts.timeZone, groupBy: q.groupBy, locationCode: q.locationCode, carrierCode: q.carrier });
  return { from: q.from, to: q.to, groupBy: q.groupBy, timeZone: opts.timeZone, rows: r.rows.map((x) => ({ key: x.key, ...fig(x) })), totals: fig(r.totals) };
}

export const onTimeDeliveryCsv = (r: OnTimeDeliveryJson): string =>
  `${['key,delivered,with_promise,on_time,late,on_time_share,average_days_late', ...r.rows.map((x) => [x.key, x.delivered, x.withPromise, x.onTime, x.late, x.onTimeShare, x.averageDaysLate].map(cell).join(','))].join('\n')}\n`;
