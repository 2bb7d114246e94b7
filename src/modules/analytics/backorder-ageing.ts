import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { localDate } from '../../domain/local-time.js';
import { csvOf } from './csv-cells.js';

export const backorderAgeingQuery = z.object({
  sku: z.string().min(1).max(64).optional(),
  locationCode: z.string().min(1).max(64).optional().describe('Only lines assigned to this location'),
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('Rows, oldest backorders first'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type BackorderAgeingQuery = z.infer<typeof backorderAgeingQuery>;

/** Age buckets in local days since placement: 0–2, 3–7, 8–14, 15–30, over 30. */
export const ageBuckets = [
  { key: 'days0to2', max: 2 },
  { key: 'days3to7', max: 7 },
  { key: 'days8to14', max: 14 },
  { key: 'days15to30', max: 30 },
  { key: 'over30', max: Infinity },
] as const;
type BucketKey = (typeof ageBuckets)[number]['key'];

const units = z.object(Object.fromEntries(ageBuckets.map((b) => [b.key, z.number().int()])) as Record<BucketKey, z.ZodNumber>);
const figures = {
  lines: z.number().int().describe('Open order lines with backordered units'),
  units: z.number().int().describe('Backordered units'),
  byAge: units.describe('Backordered units by age of the order (local days since placement)'),
  oldestDays: z.number().int().nullable(),
};
export const backorderAgeingSchema = z
  .object({ asOf: z.string().describe('Local day the ages are counted to'), timeZone: z.string(), rows: z.array(z.object({ sku: z.string(), locationCode: z.string().nullable(), ...figures })), totals: z.object(figures) })
  .meta({ id: 'BackorderAgeingReport' });
export type BackorderAgeingJson = z.infer<typeof backorderAgeingSchema>;

type Row = { sku: string | null; location_code: string | null; lines: number; units: number; oldest: number | null } & Record<BucketKey, number>;

/**
 * Open backorders by age (docs/reports.md, "Backorder ageing"): order lines with backordered units of orders not
 * cancelled or completed, per SKU × the line's location, units bucketed by local days since the order was placed.
 * Read through the partial index order_lines_backordered_sku_idx (only lines with backordered units).
 */
export async function backorderAgeing(db: Db, q: BackorderAgeingQuery, opts: { timeZone: string; today: Date }): Promise<BackorderAgeingJson> {
  const asOf = localDate(opts.today, opts.timeZone);
  const age = sql`(${asOf}::date - (o.placed_at at time zone ${opts.timeZone}::text)::date)`;
  let lower = -Infinity;
  const buckets = ageBuckets.map((b) => {
    const cond = b.max === Infinity ? sql`${age} > ${lower}` : lower === -Infinity ? sql`${age} <= ${b.max}` : sql`${age} > ${lower} and ${age} <= ${b.max}`;
    lower = b.max;
    return sql`coalesce(sum(l.quantity_backordered) filter (where ${cond}), 0)::int as ${sql.identifier(b.key)}`;
  });
  const stats = sql`count(*)::int as lines, coalesce(sum(l.quantity_backordered), 0)::int as units, ${sql.join(buckets, sql`, `)}, max(${age})::int as oldest`;
  const from = sql`from order_lines l join orders o on o.id = l.order_id
    where l.quantity_backordered > 0 and o.status not in ('cancelled', 'completed')
    ${q.sku ? sql`and l.sku = ${q.sku}` : sql``} ${q.locationCode ? sql`and l.location_code = ${q.locationCode}` : sql``}`;
  const rows = await queryRows<Row>(db, sql`select l.sku, l.location_code, ${stats} ${from} group by 1, 2 order by oldest desc, 1, 2 limit ${q.limit}`);
  const [t] = await queryRows<Row>(db, sql`select null as sku, null as location_code, ${stats} ${from}`);
  const fig = (r: Row) => ({ lines: r.lines, units: r.units, byAge: Object.fromEntries(ageBuckets.map((b) => [b.key, r[b.key]])) as Record<BucketKey, number>, oldestDays: r.oldest });
  return { asOf, timeZone: opts.timeZone, rows: rows.map((r) => ({ sku: r.sku!, locationCode: r.location_code, ...fig(r) })), totals: fig(t!) };
}

export const backorderAgeingCsv = (r: BackorderAgeingJson): string =>
  csvOf(
    `sku,location_code,lines,units,${ageBuckets.map((b) => b.key).join(',')},oldest_days`,
    r.rows.map((x) => [x.sku, x.locationCode, x.lines, x.units, ...ageBuckets.map((b) => x.byAge[b.key]), x.oldestDays]),
  );
