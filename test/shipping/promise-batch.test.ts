import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { ok, placeOrder, shippingWorld } from './support.js';
import { orderPromises, reservations } from '../../src/platform/db/schema/index.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { refreshOrderPromise, refreshOrderPromises } from '../../src/modules/shipping/promises.js';

let t: TestApp;
const munich = { name: 'Ada Lovelace', line1: 'Marienplatz 2', city: 'München', postalCode: '80331', country: 'DE', latitude: 48.137, longitude: 11.575 };
beforeAll(async () => {
  t = await testApp();
  await shippingWorld(t); // BER, without a shipping profile (the default one)
  await makeLocation(t, { code: 'MUC', name: 'Munich store', latitude: 48.137, longitude: 11.575, address: { line1: 'Marienplatz 1', city: 'München', postalCode: '80331', country: 'DE' } });
  await ok(t.api('PUT', '/api/v1/locations/MUC/shipping-profile', { timeZone: 'Europe/Berlin', cutoff: '09:00', processingDays: 2, workdays: [1, 2, 3, 4], holidays: [] }));
  await receiveStock(t, 'PEN-1', 'MUC', 10);
  await makeProduct(t, { sku: 'CUP-1', name: 'Espresso cup', weightGrams: 150 });
  await receiveStock(t, 'CUP-1', 'MUC', 10);
});
afterAll(() => t.close());

describe('refreshOrderPromises (the batch of the shipping.order_promise handler)', () => {
  it('stores for each order of a batch the promise one order at a time stores, with each location its own profile', async () => {
    const placed = [
      await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }]), // Berlin: from BER
      await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { shippingAddress: munich }), // from MUC
      await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }, { sku: 'CUP-1', quantity: 1 }], { shippingAddress: munich }), // split BER + MUC
      await placeOrder(t, [{ sku: 'BOOK-1', quantity: 2 }]),
    ];
    const ids = placed.map((o) => o.id);
    const db = t.database.db;
    const allocated = await db.select({ orderId: reservations.orderId, code: reservations.locationCode }).from(reservations).where(inArray(reservations.orderId, ids));
    const locationsOf = (id: string) => [...new Set(allocated.filter((r) => r.orderId === id).map((r) => r.code))].sort();
    expect(ids.map(locationsOf)).toEqual([['BER'], ['MUC'], ['BER', 'MUC'], ['BER']]);

    const ctx = { ...t.deps, db, actor: systemActor };
    const stored = async () => {
      const rows = await db.select().from(orderPromises).where(inArray(orderPromises.orderId, ids));
      // The pinned clock advances per reading: updatedAt is the one column that differs between two runs.
      return ids.map((id) => rows.find((r) => r.orderId === id)).map((r) => r && { ...r, updatedAt: undefined });
    };
    await db.transaction((tx) => refreshOrderPromises(tx, { ...ctx, db: tx }, ids, () => 'placement'));
    const batch = await stored();
    await db.delete(orderPromises).where(inArray(orderPromises.orderId, ids));
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(orderPromises).where(inArray(orderPromises.orderId, ids))).toEqual([{ n: 0 }]);
    for (const id of ids) await db.transaction((tx) => refreshOrderPromise(tx, { ...ctx, db: tx }, id, 'placement'));
    const single = await stored();

    expect(batch.every((p) => p !== undefined)).toBe(true);
    expect(batch).toEqual(single);
    // MUC's profile (2 processing days, 09:00 cut-off, no Fridays) is not BER's default: their ship dates differ,
    // so a batch that gave one location's profile to the other would not match the single-order promises.
    const [ber, muc] = batch;
    expect(ber!.locationCode).toBe('BER');
    expect(muc!.locationCode).toBe('MUC');
    expect(muc!.shipDate > ber!.shipDate).toBe(true);
    const [split] = await db.select().from(orderPromises).where(eq(orderPromises.orderId, ids[2]!));
    expect(split!.locationCode).toBe('MUC'); // the later of the two shipments
  });
});
