import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inventoryLevels, inventoryMovements, products, type MovementReason } from '../../platform/db/schema/index.js';
import { summarizeAvailability, type SkuAvailability } from '../../domain/inventory.js';
import { toLevelJson, type LevelJson } from './inventory.repository.js';
import { toMovementJson, type MovementJson } from './inventory.ledger.js';
import { preparedRows } from '../../platform/db/prepared.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A search term: the SKU starts with it (case-sensitive, as SKUs are stored; an index with
 * text_pattern_ops serves it) or the product's name contains it (case-insensitive).
 */
function matchesSearch(table: 'inventory_levels' | 'inventory_movements', q: string): SQL {
  // Spelled out: in a select without joins Drizzle renders a column bare ("sku"), which inside the
  // subquery would mean p.sku.
  const skuColumn = sql.raw(`"${table}"."sku"`);
  const prefixes = [...new Set([q, q.toUpperCase()])].map((p) => sql`${skuColumn} like ${`${escapeLike(p)}%`}`);
  return or(...prefixes, sql`exists (select 1 from ${products} p where p.sku = ${skuColumn} and p.name ilike ${`%${escapeLike(q)}%`})`)!;
}

export interface LevelsFilter {
  /** SKU prefix or part of the product name. */
  q?: string | undefined;
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
    f.q ? matchesSearch('inventory_levels', f.q) : undefined,
    f.skus?.length ? inArray(l.sku, f.skus) : undefined,
    f.locationCode ? eq(l.locationCode, f.locationCode) : undefined,
    // Same rule as isBelowReorderPoint in src/domain/inventory.ts, evaluated by the database.
    f.belowReorderPoint === true ? sql`${l.reorderPoint} > 0 and ${l.onHand} - ${l.reserved} <= ${l.reorderPoint}` : undefined,
    f.belowReorderPoint === false ? sql`not (${l.reorderPoint} > 0 and ${l.onHand} - ${l.reserved} <= ${l.reorderPoint})` : undefined,
    f.after ? sql`(${l.sku}, ${l.locationCode}) > (${f.after[0]}, ${f.after[1]})` : undefined,
  ];
  const rows = await db
    .select({ level: l, productName: products.name })
    .from(l)
    .leftJoin(products, eq(products.sku, l.sku))
    .where(and(...where))
    .orderBy(asc(l.sku), asc(l.locationCode))
    .limit(f.limit);
  return rows.map((r) => ({ ...toLevelJson(r.level), ...(r.productName !== null ? { productName: r.productName } : {}) }));
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
  q?: string | undefined;
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
        f.q ? matchesSearch('inventory_movements', f.q) : undefined,
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
