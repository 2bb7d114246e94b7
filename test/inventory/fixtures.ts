import { and, count, eq } from 'drizzle-orm';
import type { TestApp } from '../support/app.js';
import { inventoryLevels, inventoryMovements, outbox, products } from '../../src/platform/db/schema/index.js';

/** Products go straight into the table (the catalog API is someone else's); locations through the API. */
export async function seedProducts(t: TestApp, skus: string[]): Promise<void> {
  const at = new Date('2030-01-01T00:00:00Z');
  await t.database.db
    .insert(products)
    .values(skus.map((sku) => ({ sku, name: `Product ${sku}`, priceAmount: 1000n, currency: 'EUR', createdAt: at, updatedAt: at })));
}

export async function seedLocations(t: TestApp, codes: string[]): Promise<void> {
  for (const code of codes) {
    const res = await t.api('POST', '/api/v1/locations', {
      code,
      name: `Location ${code}`,
      type: 'warehouse',
      address: { line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      latitude: 52.5,
      longitude: 13.4,
    });
    if (res.status !== 201) throw new Error(`location ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export async function adjust(t: TestApp, sku: string, locationCode: string, delta: number, reason = delta > 0 ? 'receipt' : 'adjustment') {
  const res = await t.api('POST', '/api/v1/inventory/adjustments', { sku, locationCode, delta, reason });
  if (res.status !== 201) throw new Error(`adjust ${sku}@${locationCode}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function level(t: TestApp, sku: string, locationCode: string) {
  const [row] = await t.database.db
    .select()
    .from(inventoryLevels)
    .where(and(eq(inventoryLevels.sku, sku), eq(inventoryLevels.locationCode, locationCode)));
  return row;
}

export async function movementsOf(t: TestApp, sku: string, locationCode?: string) {
  return t.database.db
    .select()
    .from(inventoryMovements)
    .where(and(eq(inventoryMovements.sku, sku), locationCode ? eq(inventoryMovements.locationCode, locationCode) : undefined))
    .orderBy(inventoryMovements.id);
}

/** Rows that any write would add: used to prove a refusal wrote nothing. */
export async function writeCounts(t: TestApp) {
  const n = async (q: Promise<Array<{ n: number }>>) => Number((await q)[0]!.n);
  const db = t.database.db;
  return {
    movements: await n(db.select({ n: count() }).from(inventoryMovements)),
    levels: await n(db.select({ n: count() }).from(inventoryLevels)),
    events: await n(db.select({ n: count() }).from(outbox)),
  };
}
