import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, receiveStock } from '../support/factories.js';
import { allocateElsewhere, eventsOfType, fo, fulfillmentsOf, ok, order, placeOrder, warehouse } from './support.js';
import { newEvent } from '../../src/platform/events/define.js';
import { orderConfirmed } from '../../src/modules/orders/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await warehouse(t, 'BER');
  await makeLocation(t, { code: 'HAM', name: 'Hamburg', latitude: 53.55, longitude: 9.99 });
});
afterAll(() => t.close());

describe('release of allocations to fulfillment orders', () => {
  it('creates one fulfillment order per location of a split order, once', async () => {
    await receiveStock(t, 'BOOK-1', 'HAM', 5);
    // BER has 20 books, HAM 5: the sourcing engine splits 23 books over both at placement.
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }, { sku: 'BOOK-1', quantity: 23 }], { inventoryPolicy: 'backorder' });
    const bookLine = o.lines.find((l) => l.sku === 'BOOK-1')! as (typeof o.lines)[number] & { allocations: Array<{ locationCode: string; quantity: number }> };
    expect(bookLine.quantities).toMatchObject({ allocated: 23, backordered: 0 });
    const at = (code: string) => bookLine.allocations.find((a) => a.locationCode === code)?.quantity ?? 0;
    expect(at('BER') + at('HAM')).toBe(23);
    expect(at('HAM')).toBeGreaterThan(0);
    await t.drain();
    const fos = await fulfillmentsOf(t, o.id);
    expect(fos.map((f) => f.locationCode).sort()).toEqual(['BER', 'HAM']);
    // Each location's fulfillment order holds exactly what was allocated there.
    const ham = await fo(t, fos.find((f) => f.locationCode === 'HAM')!.id);
    expect(ham.lines.map((l: any) => [l.sku, l.quantity])).toEqual([['BOOK-1', at('HAM')]]);
    const ber = await fo(t, fos.find((f) => f.locationCode === 'BER')!.id);
    expect(ber.lines.map((l: any) => [l.sku, l.quantity])).toEqual([['MUG-1', 1], ['BOOK-1', at('BER')]]);

    // Idempotent: a manual release and repeated events create nothing more.
    const again = await ok(t.api('POST', '/api/v1/fulfillment/release', { orderId: o.id }, { as: 'warehouse' }));
    expect(again).toEqual({ orderId: o.id, released: [], skipped: null });
    expect(await fulfillmentsOf(t, o.id)).toHaveLength(2);
    const created = (await eventsOfType(t, 'fulfillment.created')).filter((p) => p.orderId === o.id);
    expect(created.map((p) => p.locationCode).sort()).toEqual(['BER', 'HAM']);
  });

  it('adds units allocated later (stock received) to a fulfillment order that is still open', async () => {
    const o = await placeOrder(t, [{ sku: 'PEN-1', quantity: 22 }], { inventoryPolicy: 'backorder' });
    await t.drain();
    const [first] = await fulfillmentsOf(t, o.id);
    expect(o.lines[0]!.quantities).toMatchObject({ allocated: 20, backordered: 2 });
    // Pens arrive at HAM one by one: sourcing allocates each to the backorder, fulfillment follows.
    await receiveStock(t, 'PEN-1', 'HAM', 1);
    await t.drain();
    await receiveStock(t, 'PEN-1', 'HAM', 1);
    await t.drain();
    expect((await order(t, o.id)).lines[0].quantities).toMatchObject({ allocated: 22, backordered: 0 });
    const fos = await fulfillmentsOf(t, o.id);
    expect(fos).toHaveLength(2);
    expect(fos.find((f) => f.id === first!.id)!.locationCode).toBe('BER');
    const ham = await fo(t, fos.find((f) => f.locationCode === 'HAM')!.id);
    expect(ham.lines.map((l: any) => l.quantity)).toEqual([2]);
    expect((await eventsOfType(t, 'fulfillment.lines_added')).filter((p) => p.orderId === o.id)).toHaveLength(1);
  });

  it('does not release a held order until the hold is released, and a new hold blocks picking', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }]);
    const hold = await ok(t.api('POST', `/api/v1/orders/${o.id}/holds`, { type: 'fraud', reason: 'review' }), 201);
    await t.drain();
    expect(await fulfillmentsOf(t, o.id)).toEqual([]);
    const manual = await ok(t.api('POST', '/api/v1/fulfillment/release', { orderId: o.id }, { as: 'warehouse' }));
    expect(manual).toEqual({ orderId: o.id, released: [], skipped: 'order has an active hold' });

    await ok(t.api('POST', `/api/v1/orders/${o.id}/holds/${hold.id}/release`, { reason: 'ok' }));
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    expect(f).toMatchObject({ status: 'open', locationCode: 'BER' });

    await ok(t.api('POST', `/api/v1/orders/${o.id}/holds`, { type: 'address', reason: 'check street' }), 201);
    const refused = await t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('order_on_hold');
    expect((await fo(t, f!.id)).status).toBe('open');
    expect((await order(t, o.id)).status).toBe('confirmed');
  });

  it('releases nothing for an order that is not yet confirmed (waiting for payment)', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }]);
    await t.drain();
    const { sql } = await import('drizzle-orm');
    // An order placed with payments stays 'placed' until authorized (branch pay); mirror that state.
    const o2 = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }]);
    await t.database.db.execute(sql`update orders set status = 'placed' where id = ${o2.id}`);
    await t.drain();
    expect(await fulfillmentsOf(t, o.id)).toHaveLength(1);
    expect(await fulfillmentsOf(t, o2.id)).toEqual([]);
    await t.database.db.execute(sql`update orders set status = 'confirmed' where id = ${o2.id}`);
    const { enqueueEvents } = await import('../../src/platform/outbox/outbox.js');
    const { systemActor } = await import('../../src/platform/auth/roles.js');
    await t.database.db.transaction((tx) => enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at: t.deps.clock.now() }, [newEvent(orderConfirmed, o2.id, { orderId: o2.id })]));
    await t.drain();
    expect(await fulfillmentsOf(t, o2.id)).toHaveLength(1);
  });

  it('cancelling the order cancels its open fulfillment orders; the stock is free again', async () => {
    const before = await level(t, 'MUG-1', 'BER');
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 2 }]);
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer' }));
    await t.drain();
    expect((await fo(t, f!.id))).toMatchObject({ status: 'cancelled', cancellationReason: 'order cancelled' });
    expect(await level(t, 'MUG-1', 'BER')).toMatchObject({ onHand: before.onHand, reserved: before.reserved });
  });
});
