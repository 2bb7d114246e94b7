import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { level } from '../support/factories.js';
import { queryRows } from '../../src/platform/db/query.js';
import { eventsOfType, fo, fulfillmentsOf, GTIN, ok, order, placeOrder, warehouse } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await warehouse(t, 'BER');
});
afterAll(() => t.close());

const reservationsOf = (orderId: string) =>
  queryRows<{ state: string; quantity: number; location_code: string }>(t.database.db, sql`select state, quantity, location_code from reservations where order_id = ${orderId} order by state, quantity`);

async function picking(lines: Array<{ sku: string; quantity: number }>) {
  const o = await placeOrder(t, lines);
  await t.drain();
  const [f] = await fulfillmentsOf(t, o.id);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
  return { o, f: await fo(t, f!.id) };
}

describe('short picks and rejections go back to sourcing', () => {
  it('a short pick releases exactly the missing units here and backorders them', async () => {
    const before = await level(t, 'MUG-1', 'BER');
    const { o, f } = await picking([{ sku: 'MUG-1', quantity: 3 }, { sku: 'PEN-1', quantity: 1 }]);
    const mug = f.lines.find((l: any) => l.sku === 'MUG-1');
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/scan`, { code: GTIN.MUG }, { as: 'warehouse' }));
    const tooMany = await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/short`, { lineId: mug.id, quantity: 3, reason: 'not_found' }, { as: 'warehouse' });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.errors).toEqual([{ path: 'quantity', message: 'at most 2' }]);

    const after = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/short`, { lineId: mug.id, quantity: 2, reason: 'damaged' }, { as: 'warehouse' }));
    expect(after.lines.find((l: any) => l.sku === 'MUG-1')).toMatchObject({ quantity: 3, picked: 1, short: 2, remaining: 0, shortReason: 'damaged' });
    expect(after.status).toBe('picking'); // the pen is still to pick
    const line = (await order(t, o.id)).lines.find((l: any) => l.sku === 'MUG-1');
    expect(line.quantities).toMatchObject({ ordered: 3, allocated: 1, backordered: 2, shipped: 0 });
    expect(await level(t, 'MUG-1', 'BER')).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 1 });
    const res = (await reservationsOf(o.id)).filter((r) => r.state === 'allocated');
    expect(res.map((r) => r.quantity).sort()).toEqual([1, 1]); // mug 1 left + pen 1
    const [event] = (await eventsOfType(t, 'fulfillment.short_picked')).filter((p) => p.orderId === o.id);
    expect(event).toEqual({ orderId: o.id, fulfillmentOrderId: f.id, locationCode: 'BER', reason: 'damaged', lines: [{ orderLineId: line.id, sku: 'MUG-1', quantity: 2 }] });

    // Finishing the pen completes picking; the release handler does not re-create the short units.
    const done = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/scan`, { code: 'PEN-1' }, { as: 'warehouse' }));
    expect(done.fulfillmentOrder.status).toBe('picked');
    await t.drain();
    expect(await fulfillmentsOf(t, o.id)).toHaveLength(1);
  });

  it('a location rejecting the fulfillment order releases all of it and emits fulfillment.rejected', async () => {
    const before = await level(t, 'BOOK-1', 'BER');
    const { o, f } = await picking([{ sku: 'BOOK-1', quantity: 2 }]);
    expect((await level(t, 'BOOK-1', 'BER')).reserved).toBe(before.reserved + 2);
    const noReason = await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/reject`, { reason: '' }, { as: 'warehouse' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('reason');
    const rejected = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/reject`, { reason: 'store closed for stocktake' }, { as: 'warehouse' }));
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'store closed for stocktake' });
    expect((await level(t, 'BOOK-1', 'BER')).reserved).toBe(before.reserved);
    expect((await order(t, o.id)).lines[0].quantities).toMatchObject({ allocated: 0, backordered: 2 });
    expect(await reservationsOf(o.id)).toEqual([{ state: 'released', quantity: 2, location_code: 'BER' }]);
    const [event] = (await eventsOfType(t, 'fulfillment.rejected')).filter((p) => p.orderId === o.id);
    expect(event).toMatchObject({ fulfillmentOrderId: f.id, locationCode: 'BER', reason: 'store closed for stocktake', lines: [{ sku: 'BOOK-1', quantity: 2 }] });
    // Terminal: nothing more can happen to it.
    expect((await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/reject`, { reason: 'again' }, { as: 'warehouse' })).status).toBe(409);
    expect((await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/scan`, { code: 'BOOK-1' }, { as: 'warehouse' })).status).toBe(409);
  });

  it('shorting every unit cancels the fulfillment order', async () => {
    const { o, f } = await picking([{ sku: 'PEN-1', quantity: 1 }]);
    const after = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/short`, { lineId: f.lines[0].id, quantity: 1, reason: 'not_found' }, { as: 'warehouse' }));
    expect(after).toMatchObject({ status: 'cancelled', cancellationReason: 'every unit was short' });
    expect((await order(t, o.id)).lines[0].quantities).toMatchObject({ allocated: 0, backordered: 1 });
  });

  it('a hand-off after a short line leaves the order partially shipped', async () => {
    const o = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }, { sku: 'MUG-1', quantity: 1 }]);
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
    const d = await fo(t, f!.id);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: 'PEN-1' }, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/short`, { lineId: d.lines.find((l: any) => l.sku === 'MUG-1').id, quantity: 1, reason: 'not_found' }, { as: 'warehouse' }));
    const noBoxes = await t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' });
    expect(noBoxes.status).toBe(422);
    expect(noBoxes.body.detail).toBe('The box catalog has no active boxes');
    await ok(t.api('POST', '/api/v1/boxes', { code: 'ENV', name: 'Envelope', dimensionsMm: { length: 250, width: 180, height: 30 }, maxWeightGrams: 500, tareWeightGrams: 10 }), 201);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, { weightGrams: 55 }, { as: 'warehouse' }));
    const handed = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/hand-off`, undefined, { as: 'warehouse' }));
    expect(handed.status).toBe('handed_off');
    const after = await order(t, o.id);
    expect(after.status).toBe('partially_shipped');
    expect(after.lines.map((l: any) => [l.sku, l.quantities.shipped, l.quantities.backordered])).toEqual([['PEN-1', 1, 0], ['MUG-1', 0, 1]]);
    const [shipped] = (await eventsOfType(t, 'order.shipped')).filter((p) => p.orderId === o.id);
    expect(shipped).toEqual({ orderId: o.id, fulfillmentOrderId: f!.id, locationCode: 'BER', lines: [{ orderLineId: after.lines[0].id, sku: 'PEN-1', quantity: 1 }] });
  });

  it('concurrent scans never over-pick; a retried scan with the same Idempotency-Key counts once', async () => {
    const { f } = await picking([{ sku: 'MUG-1', quantity: 2 }, { sku: 'PEN-1', quantity: 1 }]);
    const url = `/api/v1/fulfillment-orders/${f.id}/scan`;
    const results = await Promise.all(Array.from({ length: 5 }, () => t.api('POST', url, { code: GTIN.MUG }, { as: 'warehouse' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 409, 409, 409]);
    expect((await fo(t, f.id)).lines.find((l: any) => l.sku === 'MUG-1').picked).toBe(2);

    const headers = { 'idempotency-key': `scan-${f.id}-pen` };
    const first = await t.api('POST', url, { code: 'PEN-1' }, { as: 'warehouse', headers });
    const retry = await t.api('POST', url, { code: 'PEN-1' }, { as: 'warehouse', headers });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.line).toEqual(first.body.line);
    expect((await fo(t, f.id)).lines.find((l: any) => l.sku === 'PEN-1').picked).toBe(1);
  });

  it('a hold placed after picking blocks the hand-off until it is released', async () => {
    await ok(t.api('POST', '/api/v1/boxes', { code: 'HOLD-BOX', name: 'Box', dimensionsMm: { length: 400, width: 300, height: 300 }, maxWeightGrams: 10000 }), 201);
    const { o, f } = await picking([{ sku: 'PEN-1', quantity: 1 }]);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/scan`, { code: GTIN.PEN }, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/pack`, {}, { as: 'warehouse' }));
    const hold = await ok(t.api('POST', `/api/v1/orders/${o.id}/holds`, { type: 'address', reason: 'undeliverable' }), 201);
    const refused = await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/hand-off`, undefined, { as: 'warehouse' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('order_on_hold');
    expect((await fo(t, f.id)).status).toBe('packed');
    await ok(t.api('POST', `/api/v1/orders/${o.id}/holds/${hold.id}/release`, { reason: 'fixed' }));
    expect((await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/hand-off`, undefined, { as: 'warehouse' }))).status).toBe('handed_off');
  });

  it('a cancellation racing a hand-off: exactly one wins and stock stays consistent', async () => {
    const { reconcileInventory } = await import('../../src/modules/inventory/index.js');
    for (let round = 0; round < 3; round++) {
      const { o, f } = await picking([{ sku: 'PEN-1', quantity: 1 }]);
      await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/scan`, { code: GTIN.PEN }, { as: 'warehouse' }));
      await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/pack`, {}, { as: 'warehouse' }));
      const [cancel, handOff] = await Promise.all([
        t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'race' }),
        t.api('POST', `/api/v1/fulfillment-orders/${f.id}/hand-off`, undefined, { as: 'warehouse' }),
      ]);
      expect([cancel.status, handOff.status].filter((s) => s === 200)).toHaveLength(1);
      expect([cancel.status, handOff.status].filter((s) => s === 409)).toHaveLength(1);
      await t.drain();
      const after = await order(t, o.id);
      const foAfter = await fo(t, f.id);
      if (handOff.status === 200) expect([after.status, foAfter.status]).toEqual(['shipped', 'handed_off']);
      else expect([after.status, foAfter.status]).toEqual(['cancelled', 'cancelled']);
      const report = await reconcileInventory(t.database.db);
      expect(report.mismatches).toEqual([]);
      expect(report.reservedMismatches).toEqual([]);
    }
  });
});
