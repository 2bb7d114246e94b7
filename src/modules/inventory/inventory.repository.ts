import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inventoryLevels, locations, products } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { availableOf } from '../../domain/inventory.js';

export type LevelRow = typeof inventoryLevels.$inferSelect;

export interface LevelJson {
  sku: string;
  locationCode: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  reorderPoint: number;
  bin: string | null;
  updatedAt: string;
}

export const toLevelJson = (r: LevelRow): LevelJson => ({
  sku: r.sku,
  locationCode: r.locationCode,
  onHand: r.onHand,
  reserved: r.reserved,
  safetyStock: r.safetyStock,
  available: availableOf(r),
  reorderPoint: r.reorderPoint,
  bin: r.bin,
  updatedAt: r.updatedAt.toISOString(),
});

/** Identifies one level in events, audit rows and messages. */
export const levelId = (sku: string, locationCode: string) => `${sku}@${locationCode}`;

export async function findLevel(db: Db, sku: string, locationCode: string): Promise<LevelRow | undefined> {
  const [row] = await db
    .select()
    .from(inventoryLevels)
    .where(and(eq(inventoryLevels.sku, sku), eq(inventoryLevels.locationCode, locationCode)));
  return row;
}

/** Refuses skus that are not in the catalog, naming each offending field (`pathOf(index)`). */
export async function requireSkus(db: Db, skus: readonly string[], pathOf: (i: number) => string): Promise<void> {
  const found = await db.select({ sku: products.sku }).from(products).where(inArray(products.sku, [...new Set(skus)]));
  const known = new Set(found.map((r) => r.sku));
  const errors = skus.flatMap((sku, i) => (known.has(sku) ? [] : [{ path: pathOf(i), message: `no product with sku ${sku}` }]));
  if (errors.length > 0) {
    throw new AppError('not_found', `Unknown sku ${skus.filter((s) => !known.has(s)).join(', ')}`, { errors });
  }
}

export const requireSku = (db: Db, sku: string, path = 'sku') => requireSkus(db, [sku], () => path);

export async function requireLocation(db: Db, code: string, path = 'locationCode'): Promise<void> {
  const [row] = await db.select({ code: locations.code }).from(locations).where(eq(locations.code, code));
  if (!row) throw new AppError('not_found', `Location ${code} does not exist`, { errors: [{ path, message: `no location with code ${code}` }] });
}

/** The 409 every stock refusal gives: names the sku and location and shows what is there. */
export async function insufficientStock(db: Db, sku: string, locationCode: string, wanted: string): Promise<AppError> {
  const level = await findLevel(db, sku, locationCode);
  const facts = { onHand: level?.onHand ?? 0, reserved: level?.reserved ?? 0, safetyStock: level?.safetyStock ?? 0 };
  return new AppError(
    'insufficient_stock',
    `Not enough stock of ${sku} at ${locationCode} to ${wanted}: on hand ${facts.onHand}, reserved ${facts.reserved}, safety stock ${facts.safetyStock}`,
    { sku, locationCode, ...facts, available: availableOf(facts) },
  );
}
