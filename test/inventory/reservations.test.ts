import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { fixedClock } from '../../src/platform/clock.js';
import { inventoryLevels, outbox } from '../../src/platform/db/schema/index.js';
import { reconcileInventory, releaseExpiredReservations } from '../../src/modules/inventory/index.js';
import { adjust, level, seedLocations, seedProducts } from './fixtures.js';

const start = new Date('2030-01-01T12:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ clock: fixedClock(start) });
  await seedProducts(t, ['HOLD', 'RACE', 'MIX']);
  await seedLocations(t, ['W1', 'W2']);
});
afterAll(() => t.close());

const later = (seconds: number) => ({ clock: fixedClock(new Date(start.getTime() + seconds * 1000)), newId: t.deps.newId });
const available = async (sku: string) => (await t.api('GET', `/api/v1/inventory/availability?skus=${sku}`)).body.items[0].totalAvailable as number;

describe('soft reservations', () => {
  it('holds stock until released or expired, then gives it back', async () => {
    await adjust(t, 'HOLD', 'W1', 5);
    const hold = await t.api('POST', '/api/v1/inventory/reservations', { sku: 'HOLD', locationCode: 'W1', quantity: 3, expiresInSeconds: 600, reference: 'cart-1' }, { as: 'warehouse' });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ state: 'soft', quantity: 3, reference: 'cart-1', expiresAt: '2030-01-01T12:10:00.000Z' });
    expect(await available('HOLD')).toBe(2);
    const over = await t.api('POST', '/api/v1/inventory/reservations', { sku: 'HOLD', locationCode: 'W1', quantity: 3, expiresInSeconds: 600 });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'insufficient_stock', sku: 'HOLD', locationCode: 'W1', available: 2 });
    const short = await t.api('POST', '/api/v1/inventory/reservations', { sku: 'HOLD', locationCode: 'W1', quantity: 1, expiresInSeconds: 30 });
    expect(short.body.errors[0].path).toBe('expiresInSeconds');

    const second = await t.api('POST', '/api/v1/inventory/reservations', { sku: 'HOLD', locationCode: 'W1', quantity: 2, expiresInSeconds: 3600 });
    expect(await available('HOLD')).toBe(0);
    expect(await releaseExpiredReservations(t.deps.db, later(599))).toBe(0);
    expect(await releaseExpiredReservations(t.deps.db, later(601))).toBe(1);
    expect((await t.api('GET', `/api/v1/inventory/reservations/${hold.body.id}`)).body.state).toBe('released');
    expect(await available('HOLD')).toBe(3);
    const expired = await t.database.db.select().from(outbox).where(eq(outbox.type, 'inventory.reservation_expired'));
    expect(expired.map((e) => e.aggregateId)).toEqual([hold.body.id]);

    const released = await t.api('DELETE', `/api/v1/inventory/reservations/${second.body.id}`);
    expect(released.status).toBe(200);
    expect(released.body.state).toBe('released');
    expect((await t.api('DELETE', `/api/v1/inventory/reservations/${second.body.id}`)).status).toBe(200);
    expect(await available('HOLD')).toBe(5);
    expect((await level(t, 'HOLD', 'W1'))!.reserved).toBe(0);
    expect((await t.api('GET', '/api/v1/inventory/reservations/0190a000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('lets exactly the available quantity through 30 concurrent holds', async () => {
    await adjust(t, 'RACE', 'W1', 10);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => t.api('POST', '/api/v1/inventory/reservations', { sku: 'RACE', locationCode: 'W1', quantity: 1, expiresInSeconds: 60 })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409)).toBe(true);
    expect(await level(t, 'RACE', 'W1')).toMatchObject({ onHand: 10, reserved: 10 });
    // Two sweepers at once release each hold exactly once.
    const [a, b] = await Promise.all([releaseExpiredReservations(t.deps.db, later(61)), releaseExpiredReservations(t.deps.db, later(61))]);
    expect(a + b).toBe(10);
    expect((await level(t, 'RACE', 'W1'))!.reserved).toBe(0);
  });
});

describe('reconcile', () => {
  it('finds no mismatch after a mixed sequence and reports a corrupted level', async () => {
    await adjust(t, 'MIX', 'W1', 12);
    await adjust(t, 'MIX', 'W1', -2, 'write-off');
    await t.api('POST', '/api/v1/inventory/transfers', { sku: 'MIX', fromLocationCode: 'W1', toLocationCode: 'W2', quantity: 4 });
    await t.api('POST', '/api/v1/inventory/counts', { locationCode: 'W2', counts: [{ sku: 'MIX', countedQuantity: 3 }] });
    await t.api('POST', '/api/v1/inventory/reservations', { sku: 'MIX', locationCode: 'W1', quantity: 2, expiresInSeconds: 600 });
    const clean = await reconcileInventory(t.deps.db);
    expect(clean.mismatches).toEqual([]);
    expect(clean.reservedMismatches).toEqual([]);
    expect(clean.checked).toBeGreaterThanOrEqual(4);

    const where = and(eq(inventoryLevels.sku, 'MIX'), eq(inventoryLevels.locationCode, 'W1'));
    await t.database.db.update(inventoryLevels).set({ onHand: sql`${inventoryLevels.onHand} + 5`, reserved: 0 }).where(where);
    const bad = await reconcileInventory(t.deps.db);
    expect(bad.mismatches).toEqual([{ sku: 'MIX', locationCode: 'W1', onHand: 11, ledgerSum: 6 }]);
    expect(bad.reservedMismatches).toEqual([{ sku: 'MIX', locationCode: 'W1', reserved: 0, activeReservations: 2 }]);
  });
});
