import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inventoryLevels, inventoryMovements, type MovementReason } from '../../platform/db/schema/index.js';
import { summarizeAvailability, type SkuAvailability } from '../../domain/inventory.js';
import { toLevelJson, type LevelJson } from './inventory.repository.js';
import { toMovementJson, type MovementJson } from './inventory.ledger.js';
import { preparedRows } from '../../platform/db/prepared.js';

export interface LevelsFilter {
  skus?: string[] | undefined;
  locationCode?: string | undefined;
  belowReorderPoint?: boolean | undefined;
  limit: number;
  /** Keyset cursor: the (sku, locationCode) of the last row of the previous page. */
  after?: [string, string] | undefined;
}

/** Levels ordered by (sku, locationCode), keyset-paginated on the primary key. */
export async function listLevels(db: Db, f: LevelsFilter): Promise<LevelJson[]> {
  const l = inventoryLevels;
  const where: Array<SQL | undefined> = [
    f.skus?.length ? inArray(l.sku, f.skus) : undefined,
    f.locationCode ? eq(l.locationCode, f.locationCode) : undefined,
    // Same rule as isBelowReorderPoint in src/domain/inventory.ts, evaluated by the database.
    f.belowReorderPoint === true ? sql`${l.reorderPoint} > 0 and ${l.onHand} - ${l.reserved} <= ${l.reorderPoint}` : undefined,
    f.belowReorderPoint === false ? sql`not (${l.reorderPoint} > 0 and ${l.onHand} - ${l.reserved} <= ${l.reorderPoint})` : undefined,
    f.after ? sql`(${l.sku}, ${l.locationCode}) > (${f.after[0]}, ${f.after[1]})` : undefined,
  ];
  const rows = await db
    .select()
    .from(l)
    .where(and(...where))
    .orderBy(asc(l.sku), asc(l.locationCode))
    .limit(f.limit);
  return rows.map(toLevelJson);
}

/**
 * Availability of many skus across all locations: one query on the primary key (sku leads it),
 * grouped in memory. This is the hot read of sourcing and storefronts.
 */
const AVAILABILITY_SQL = `
  select sku, location_code as "locationCode", on_hand as "onHand", reserved, safety_stock as "safetyStock"
  from inventory_levels where sku = any($1::text[]) order by sku, location_code`;

/** Availability of many SKUs at every location: one prepared, index-backed query (a hot read path). */
export async function getAvailability(db: Db, skus: string[]): Promise<SkuAvailability[]> {
  const rows = await preparedRows<{ sku: string; locationCode: string; onHand: number; reserved: number; safetyStock: number }>(
    db,
    'ordo_availability',
    AVAILABILITY_SQL,
    [skus],
  );
  return summarizeAvailability(skus, rows);
}

export interface MovementsFilter {
  sku?: string | undefined;
  locationCode?: string | undefined;
  reason?: MovementReason | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  /** Keyset cursor: the id of the last row of the previous page. */
  beforeId?: number | undefined;
}

/** Ledger rows newest first (by id, which is the append order). */
export async function listMovements(db: Db, f: MovementsFilter): Promise<MovementJson[]> {
  const m = inventoryMovements;
  const rows = await db
    .select()
    .from(m)
    .where(
      and(
        f.sku ? eq(m.sku, f.sku) : undefined,
        f.locationCode ? eq(m.locationCode, f.locationCode) : undefined,
        f.reason ? eq(m.reason, f.reason) : undefined,
        f.from ? gte(m.createdAt, f.from) : undefined,
        f.to ? lt(m.createdAt, f.to) : undefined,
        f.beforeId !== undefined ? lt(m.id, f.beforeId) : undefined,
      ),
    )
    .orderBy(desc(m.id))
    .limit(f.limit);
  return rows.map(toMovementJson);
}
