import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { addDays, localDate, startOfLocalDay } from '../../domain/local-time.js';
import { validation } from '../../platform/errors.js';
import { cell } from './csv-cells.js';

const date = z.iso.date('must be a date YYYY-MM-DD');
export const inventoryTurnoverQuery = z.object({
  from: date.optional().describe('First local day of the period (default: 90 days before `to`)'),
  to: date.optional().describe('Last local day of the period (default: today, shop time zone)'),
  sku: z.string().min(1).max(64).optional(),
  locationCode: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  format: z.enum(['json', 'csv']).default('json'),
});
export type InventoryTurnoverQuery = z.infer<typeof inventoryTurnoverQuery>;

export const inventoryTurnoverSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    timeZone: z.string(),
    rows: z.array(
      z.object({
        sku: z.string(),
        locationCode: z.string(),
        openingOnHand: z.number().int().describe('On hand at the start of `from` (from the ledger)'),
        closingOnHand: z.number().int().describe('On hand at the end of `to`'),
        averageOnHand: z.number().describe('(opening + closing) / 2'),
        unitsShipped: z.number().int().describe('Units that left in shipments during the period (ledger reason shipment)'),
        turnover: z.number().nullable().describe('unitsShipped / averageOnHand for the period; null without stock'),
        annualTurnover: z.number().nullable().describe('turnover × 365 / days'),
        available: z.number().int().describe('Available now'),
        daysOfCover: z.number().nullable().describe('available / (unitsShipped / days): days the stock lasts at the period’s pace; null without shipments'),
      }),
    ),
  })
  .meta({ id: 'InventoryTurnoverReport' });
export type InventoryTurnoverJson = z.infer<typeof inventoryTurnoverSchema>;

const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Inventory turnover and days of cover per SKU × location over a period, from the movement ledger: opening and
 * closing on-hand are the current on-hand minus the movements after each instant; units shipped are the shipment
 * movements inside the period (docs/reports.md). Rows sorted by days of cover, shortest first.
 */
export async function inventoryTurnover(db: Db, q: InventoryTurnoverQuery, opts: { timeZone: string; today: Date }): Promise<InventoryTurnoverJson> {
  const to = q.to ?? localDate(opts.today, opts.timeZone);
  const from = q.from ?? addDays(to, -89);
  if (from > to) throw validation([{ path: 'to', message: 'must not be before from' }]);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  const start = startOfLocalDay(from, opts.timeZone).toISOString();
  const end = startOfLocalDay(addDays(to, 1), opts.timeZone).toISOString();
  const filter = sql`${q.sku ? sql`and v.sku = ${q.sku}` : sql``} ${q.locationCode ? sql`and v.location_code = ${q.locationCode}` : sql``}`;
  const rows = await queryRows<{ sku: string; location_code: string; on_hand: number; available: number; after_end: number; in_period: number; shipped: number }>(db, sql`
    select v.sku, v.location_code, v.on_hand, (v.on_hand - v.reserved - v.safety_stock)::int as available,
      coalesce(m.after_end, 0)::int as after_end, coalesce(m.in_period, 0)::int as in_period, coalesce(m.shipped, 0)::int as shipped
    from inventory_levels v
    left join lateral (
      select sum(delta) filter (where created_at >= ${end}::timestamptz) as after_end,
        sum(delta) filter (where created_at >= ${start}::timestamptz and created_at < ${end}::timestamptz) as in_period,
        -sum(delta) filter (where reason = 'shipment' and created_at >= ${start}::timestamptz and created_at < ${end}::timestamptz) as shipped
      from inventory_movements mv where mv.sku = v.sku and mv.location_code = v.location_code and mv.created_at >= ${start}::timestamptz
    ) m on true
    where true ${filter}`);
  const out = rows.map((r) => {
    const closing = r.on_hand - r.after_end;
    const opening = closing - r.in_period;
    const average = (opening + closing) / 2;
    const turnover = average > 0 ? r2(r.shipped / average) : null;
    return {
      sku: r.sku,
      locationCode: r.location_code,
      openingOnHand: opening,
      closingOnHand: closing,
      averageOnHand: average,
      unitsShipped: r.shipped,
      turnover,
      annualTurnover: turnover === null ? null : r2((turnover * 365) / days),
      available: r.available,
      daysOfCover: r.shipped > 0 ? r2(Math.max(0, r.available) / (r.shipped / days)) : null,
    };
  });
  out.sort((a, b) => (a.daysOfCover ?? Infinity) - (b.daysOfCover ?? Infinity) || a.sku.localeCompare(b.sku) || a.locationCode.localeCompare(b.locationCode));
  return { from, to, days, timeZone: opts.timeZone, rows: out.slice(0, q.limit) };
}

export const inventoryTurnoverCsv = (r: InventoryTurnoverJson): string =>
  `${[
    'sku,location_code,opening_on_hand,closing_on_hand,average_on_hand,units_shipped,turnover,annual_turnover,available,days_of_cover',
    ...r.rows.map((x) => [x.sku, x.locationCode, x.openingOnHand, x.closingOnHand, x.averageOnHand, x.unitsShipped, x.turnover, x.annualTurnover, x.available, x.daysOfCover].map(cell).join(',')),
  ].join('\n')}\n`;
