import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { inventoryLevels, outbox } from '../../src/platform/db/schema/index.js';
import { adjust, level, movementsOf, seedLocations, seedProducts, writeCounts } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedProducts(t, ['A', 'B', 'C', 'T/1', 'V']);
  await seedLocations(t, ['W1', 'W2', 'S1']);
});
afterAll(() => t.close());

describe('adjustments', () => {
  it('receives stock, writes the ledger row and the event, and replays with the same Idempotency-Key', async () => {
    const body = { sku: 'A', locationCode: 'W1', delta: 10, reason: 'receipt', note: 'PO-1' };
    const res = await t.api('POST', '/api/v1/inventory/adjustments', body, { headers: { 'idempotency-key': 'adj-1' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sku: 'A', locationCode: 'W1', onHand: 10, reserved: 0, safetyStock: 0, available: 10, movement: { delta: 10, reason: 'receipt', note: 'PO-1' } });
    const again = await t.api('POST', '/api/v1/inventory/adjustments', body, { headers: { 'idempotency-key': 'adj-1' } });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const down = await t.api('POST', '/api/v1/inventory/adjustments', { sku: 'A', locationCode: 'W1', delta: -3, reason: 'write-off' }, { as: 'warehouse' });
    expect(down.status).toBe(201);
    expect(down.body.onHand).toBe(7);
    expect((await movementsOf(t, 'A', 'W1')).map((m) => [m.delta, m.reason])).toEqual([[10, 'receipt'], [-3, 'write-off']]);
    const events = await t.database.db.select().from(outbox).where(eq(outbox.type, 'inventory.adjusted'));
    expect(events.map((e) => (e.payload as { delta: number }).delta)).toEqual([10, -3]);
  });

  it('refuses to take on_hand below reserved with 409 and writes nothing', async () => {
    await adjust(t, 'B', 'W1', 5);
    await t.database.db.update(inventoryLevels).set({ reserved: 4 }).where(eq(inventoryLevels.sku, 'B'));
    const before = await writeCounts(t);
    const res = await t.api('POST', '/api/v1/inventory/adjustments', { sku: 'B', locationCode: 'W1', delta: -2, reason: 'adjustment' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'insufficient_stock', sku: 'B', locationCode: 'W1', onHand: 5, reserved: 4 });
    expect(await writeCounts(t)).toEqual(before);
    expect((await level(t, 'B', 'W1'))!.onHand).toBe(5);
    const ok = await t.api('POST', '/api/v1/inventory/adjustments', { sku: 'B', locationCode: 'W1', delta: -1, reason: 'adjustment' });
    expect(ok.body).toMatchObject({ onHand: 4, reserved: 4, available: 0 });
    await t.database.db.update(inventoryLevels).set({ reserved: 0 }).where(eq(inventoryLevels.sku, 'B'));
  });

  it('names each bad field and writes nothing', async () => {
    const before = await writeCounts(t);
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{ sku: 'A', locationCode: 'W1', delta: 0, reason: 'adjustment' }, 'delta', 400],
      [{ sku: 'A', locationCode: 'W1', delta: 1.5, reason: 'adjustment' }, 'delta', 400],
      [{ sku: 'A', locationCode: 'W1', delta: 2, reason: 'stolen' }, 'reason', 400],
      [{ sku: 'A', locationCode: 'W1', delta: -2, reason: 'receipt' }, 'delta', 400],
      [{ sku: 'NOPE', locationCode: 'W1', delta: 2, reason: 'receipt' }, 'sku', 404],
      [{ sku: 'A', locationCode: 'NOWHERE', delta: 2, reason: 'receipt' }, 'locationCode', 404],
    ];
    for (const [body, path, status] of cases) {
      const res = await t.api('POST', '/api/v1/inventory/adjustments', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const neg = await t.api('POST', '/api/v1/inventory/transfers', { sku: 'A', fromLocationCode: 'W1', toLocationCode: 'W2', quantity: -1 });
    expect(neg.status).toBe(400);
    expect(neg.body.errors.map((e: { path: string }) => e.path)).toEqual(['quantity']);
    expect(await writeCounts(t)).toEqual(before);
  });

  it('lets the warehouse role adjust and refuses read-only with 403', async () => {
    const body = { sku: 'C', locationCode: 'W1', delta: 1, reason: 'receipt' };
    expect((await t.api('POST', '/api/v1/inventory/adjustments', body, { as: 'warehouse' })).status).toBe(201);
    expect((await t.api('POST', '/api/v1/inventory/adjustments', body, { as: 'read-only' })).status).toBe(403);
    expect((await t.api('GET', '/api/v1/inventory?sku=C', undefined, { as: 'read-only' })).status).toBe(200);
  });
});

describe('transfers', () => {
  it('moves available stock with two transfer movements, refusing what reserved and safety stock hold back', async () => {
    await adjust(t, 'T/1', 'W1', 10);
    await t.api('PATCH', '/api/v1/inventory/levels/T%2F1/W1', { safetyStock: 2 });
    await t.database.db.update(inventoryLevels).set({ reserved: 3 }).where(eq(inventoryLevels.sku, 'T/1'));
    const before = await writeCounts(t);
    const tooMuch = await t.api('POST', '/api/v1/inventory/transfers', { sku: 'T/1', fromLocationCode: 'W1', toLocationCode: 'W2', quantity: 6 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('insufficient_stock');
    expect(await writeCounts(t)).toEqual(before);
    const res = await t.api('POST', '/api/v1/inventory/transfers', { sku: 'T/1', fromLocationCode: 'W1', toLocationCode: 'W2', quantity: 5 }, { as: 'warehouse' });
    expect(res.status).toBe(201);
    expect(res.body.from).toMatchObject({ onHand: 5, reserved: 3, safetyStock: 2, available: 0 });
    expect(res.body.to).toMatchObject({ locationCode: 'W2', onHand: 5, available: 5 });
    const moves = await movementsOf(t, 'T/1');
    expect(moves.filter((m) => m.reason === 'transfer').map((m) => [m.locationCode, m.delta, m.referenceId])).toEqual(
      expect.arrayContaining([['W1', -5, res.body.id], ['W2', 5, res.body.id]]),
    );
    const same = await t.api('POST', '/api/v1/inventory/transfers', { sku: 'T/1', fromLocationCode: 'W1', toLocationCode: 'W1', quantity: 1 });
    expect(same.body.errors[0].path).toBe('toLocationCode');
    await t.database.db.update(inventoryLevels).set({ reserved: 0 }).where(eq(inventoryLevels.sku, 'T/1'));
  });
});

describe('counts', () => {
  it('writes count movements of counted − on hand, skipping matches, and refuses counts below reserved', async () => {
    await adjust(t, 'A', 'S1', 8);
    await adjust(t, 'B', 'S1', 4);
    await adjust(t, 'C', 'S1', 3);
    const res = await t.api('POST', '/api/v1/inventory/counts', {
      locationCode: 'S1',
      counts: [{ sku: 'A', countedQuantity: 6 }, { sku: 'B', countedQuantity: 4 }, { sku: 'C', countedQuantity: 5 }, { sku: 'V', countedQuantity: 2 }],
    });
    expect(res.status).toBe(201);
    expect(res.body.applied.map((a: { sku: string; delta: number }) => [a.sku, a.delta])).toEqual([['A', -2], ['B', 0], ['C', 2], ['V', 2]]);
    expect(res.body.applied[1].movementId).toBeNull();
    expect((await level(t, 'A', 'S1'))!.onHand).toBe(6);
    expect((await level(t, 'V', 'S1'))!.onHand).toBe(2);
    expect((await movementsOf(t, 'B', 'S1')).map((m) => m.reason)).toEqual(['receipt']);
    expect((await movementsOf(t, 'C', 'S1')).map((m) => [m.reason, m.delta])).toEqual([['receipt', 3], ['count', 2]]);

    await t.database.db.update(inventoryLevels).set({ reserved: 3 }).where(sql`${inventoryLevels.locationCode} = 'S1' and ${inventoryLevels.sku} in ('A', 'C')`);
    const before = await writeCounts(t);
    const refused = await t.api('POST', '/api/v1/inventory/counts', {
      locationCode: 'S1',
      counts: [{ sku: 'A', countedQuantity: 2 }, { sku: 'B', countedQuantity: 1 }, { sku: 'C', countedQuantity: 0 }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.skus).toEqual(['A', 'C']);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['counts.0.countedQuantity', 'counts.2.countedQuantity']);
    expect(await writeCounts(t)).toEqual(before);
    const dup = await t.api('POST', '/api/v1/inventory/counts', { locationCode: 'S1', counts: [{ sku: 'A', countedQuantity: 1 }, { sku: 'A', countedQuantity: -1 }] });
    expect(dup.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['counts.1.countedQuantity', 'counts.1.sku']);
    await t.database.db.update(inventoryLevels).set({ reserved: 0 }).where(eq(inventoryLevels.locationCode, 'S1'));
  });
});

describe('ledger and reads', () => {
  it('is append-only: UPDATE and DELETE on inventory_movements raise', async () => {
    await expect(t.database.db.execute(sql`update inventory_movements set delta = 99`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from inventory_movements`)).rejects.toThrow();
  });

  it('lists levels by many skus, below reorder point, with cursor pagination', async () => {
    await t.api('PATCH', '/api/v1/inventory/levels/A/W1', { reorderPoint: 20, bin: 'R1-S2' });
    const many = await t.api('GET', '/api/v1/inventory?sku=A,B&sku=C&limit=2');
    expect(many.status).toBe(200);
    expect(many.body.items).toHaveLength(2);
    const rest = await t.api('GET', `/api/v1/inventory?sku=A,B&sku=C&limit=50&cursor=${many.body.nextCursor}`);
    const all = [...many.body.items, ...rest.body.items].map((i: { sku: string; locationCode: string }) => `${i.sku}@${i.locationCode}`);
    expect(all).toEqual(['A@S1', 'A@W1', 'B@S1', 'B@W1', 'C@S1', 'C@W1']);
    const low = await t.api('GET', '/api/v1/inventory?belowReorderPoint=true');
    expect(low.body.items).toEqual([expect.objectContaining({ sku: 'A', locationCode: 'W1', onHand: 7, reorderPoint: 20, bin: 'R1-S2' })]);
  });

  it('answers availability for many skus at once, zeros for unstocked ones', async () => {
    const res = await t.api('GET', '/api/v1/inventory/availability?skus=A,V,ZZZ', undefined, { as: 'read-only' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { sku: string; totalOnHand: number; locations: unknown[] }) => [i.sku, i.totalOnHand, i.locations.length])).toEqual([['A', 13, 2], ['V', 2, 1], ['ZZZ', 0, 0]]);
    const tooMany = await t.api('GET', `/api/v1/inventory/availability?skus=${Array.from({ length: 501 }, (_, i) => `S${i}`).join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('querystring.skus');
  });

  it('lists movements newest first with filters and cursor', async () => {
    const first = await t.api('GET', '/api/v1/inventory/movements?sku=A&limit=2');
    expect(first.status).toBe(200);
    const ids = first.body.items.map((m: { id: number }) => m.id);
    expect(ids[0]).toBeGreaterThan(ids[1]);
    const next = await t.api('GET', `/api/v1/inventory/movements?sku=A&limit=50&cursor=${first.body.nextCursor}`);
    expect(next.body.items.every((m: { id: number }) => m.id < ids[1])).toBe(true);
    expect(first.body.items.length + next.body.items.length).toBe((await movementsOf(t, 'A')).length);
    const counts = await t.api('GET', '/api/v1/inventory/movements?reason=count&locationCode=S1');
    expect(counts.body.items.map((m: { sku: string }) => m.sku).sort()).toEqual(['A', 'C', 'V']);
    const future = await t.api('GET', '/api/v1/inventory/movements?from=2999-01-01T00:00:00Z');
    expect(future.body.items).toEqual([]);
  });
});
