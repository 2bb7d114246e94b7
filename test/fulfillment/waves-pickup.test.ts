import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, receiveStock } from '../support/factories.js';
import { cancelExpiredPickups } from '../../src/modules/fulfillment/index.js';
import { cancelOrder } from '../../src/flows/cancel-order.js';
import { boxCatalog, eventsOfType, fo, fulfillmentsOf, GTIN, ok, order, placeOrder, warehouse } from './support.js';

let now = new Date('2026-11-02T09:00:00Z');
const clock = { now: () => new Date(now) };
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ clock });
  await warehouse(t, 'BER');
  await boxCatalog(t);
  await makeLocation(t, { code: 'STO', name: 'Mitte store', type: 'store', canShip: false, canPickup: true, latitude: 52.53, longitude: 13.41 });
  for (const sku of ['MUG-1', 'PEN-1']) await receiveStock(t, sku, 'STO', 10);
});
afterAll(() => t.close());

describe('waves', () => {
  it('groups the lines of many orders by SKU in bin order, with the per-order split, and prints it', async () => {
    const a = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }, { sku: 'PEN-1', quantity: 2 }]);
    const b = await placeOrder(t, [{ sku: 'BOOK-1', quantity: 1 }, { sku: 'MUG-1', quantity: 2 }]);
    const c = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }]);
    await t.drain();
    const ids = [a, b].map(async (o) => (await fulfillmentsOf(t, o.id))[0]!.id);
    const [fa, fb] = await Promise.all(ids);
    const notOpen = await t.api('POST', '/api/v1/pick-lists', { locationCode: 'BER', fulfillmentOrderIds: [fa, '00000000-0000-7000-8000-000000000000'] }, { as: 'warehouse' });
    expect(notOpen.status).toBe(409);
    expect(notOpen.body.errors).toEqual([{ path: 'fulfillmentOrderIds.1', message: 'is not an open fulfillment order at BER outside a pick list' }]);

    const wave = await ok(t.api('POST', '/api/v1/pick-lists', { locationCode: 'BER', fulfillmentOrderIds: [fa, fb] }, { as: 'warehouse' }), 201);
    expect(wave.number).toMatch(/^PL-\d{6}$/);
    expect(wave.status).toBe('picking');
    expect(wave.lines.map((l: any) => [l.bin, l.sku, l.quantity])).toEqual([
      ['A-01-3', 'PEN-1', 2],
      ['B-02-9', 'BOOK-1', 1],
      ['B-02-10', 'MUG-1', 3],
    ]);
    const mug = wave.lines.find((l: any) => l.sku === 'MUG-1');
    expect(mug.orders.map((x: any) => [x.orderNumber, x.quantity]).sort()).toEqual([[a.number, 1], [b.number, 2]].sort());
    expect(wave.fulfillmentOrders.map((f: any) => f.status)).toEqual(['picking', 'picking']);
    expect((await order(t, a.id)).status).toBe('processing');
    expect((await fulfillmentsOf(t, c.id))[0]!.status).toBe('open');

    const res = await t.http.inject({ method: 'GET', url: `/api/v1/pick-lists/${wave.id}.pdf`, headers: { authorization: `Bearer ${t.keys.warehouse}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const { text } = await extractText(new Uint8Array(res.rawPayload), { mergePages: true });
    expect(text).toContain(wave.number);
    expect(text.indexOf('PEN-1')).toBeLessThan(text.indexOf('BOOK-1'));
    expect(text.indexOf('BOOK-1')).toBeLessThan(text.indexOf('MUG-1'));
    expect(text).toContain(`${(await fo(t, fb!)).number}: 2`);

    // An automatic wave takes the remaining open one; then nothing is left.
    const auto = await ok(t.api('POST', '/api/v1/pick-lists', { locationCode: 'BER', limit: 10 }, { as: 'warehouse' }), 201);
    expect(auto.fulfillmentOrders.map((f: any) => f.orderNumber)).toEqual([c.number]);
    expect((await t.api('POST', '/api/v1/pick-lists', { locationCode: 'BER' }, { as: 'warehouse' })).status).toBe(409);
    expect((await ok(t.api('GET', `/api/v1/pick-lists/${wave.number}`, undefined, { as: 'read-only' }))).id).toBe(wave.id);
  });
});

describe('store pickup (BOPIS)', () => {
  async function packedPickup(qty = 1) {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: qty }], { delivery: { method: 'pickup', locationCode: 'STO' } });
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    expect(f).toMatchObject({ type: 'pickup', locationCode: 'STO' });
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: GTIN.MUG, quantity: qty }, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' }));
    return { o, f: f! };
  }

  it('ready for pickup gives a 6-digit code once; a wrong code is refused; the right one completes it', async () => {
    const { o, f } = await packedPickup(2);
    expect((await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/hand-off`, undefined, { as: 'warehouse' })).status).toBe(422);
    const ready = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/ready-for-pickup`, undefined, { as: 'warehouse' }));
    expect(ready.code).toMatch(/^\d{6}$/);
    expect(ready.expiresAt).toBe(new Date(now.getTime() + 7 * 86_400_000).toISOString());
    expect(ready.fulfillmentOrder.status).toBe('ready_for_pickup');
    expect(JSON.stringify(await fo(t, f.id))).not.toContain(ready.code);
    const [event] = (await eventsOfType(t, 'fulfillment.ready_for_pickup')).filter((p) => p.orderId === o.id);
    expect(event.code).toBe(ready.code);

    const wrongCode = ready.code === '000000' ? '000001' : '000000';
    const wrong = await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/picked-up`, { code: wrongCode }, { as: 'warehouse' });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ reason: 'wrong_code', errors: [{ path: 'code', message: 'does not match' }] });
    expect((await fo(t, f.id)).status).toBe('ready_for_pickup');
    const before = await level(t, 'MUG-1', 'STO');
    const done = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/picked-up`, { code: ready.code }, { as: 'warehouse' }));
    expect(done.status).toBe('picked_up');
    expect(await level(t, 'MUG-1', 'STO')).toMatchObject({ onHand: before.onHand - 2, reserved: before.reserved - 2 });
    const after = await order(t, o.id);
    expect(after.status).toBe('delivered');
    expect(after.lines[0].quantities).toMatchObject({ allocated: 0, shipped: 2, delivered: 2 });
    expect((await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/picked-up`, { code: ready.code }, { as: 'warehouse' })).status).toBe(409);
  });

  it('blocks the code after five wrong tries', async () => {
    const { f } = await packedPickup();
    const ready = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/ready-for-pickup`, undefined, { as: 'warehouse' }));
    const wrongCode = ready.code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++) expect((await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/picked-up`, { code: wrongCode }, { as: 'warehouse' })).body.reason).toBe('wrong_code');
    const blocked = await t.api('POST', `/api/v1/fulfillment-orders/${f.id}/picked-up`, { code: ready.code }, { as: 'warehouse' });
    expect(blocked.status).toBe(422);
    expect(blocked.body.reason).toBe('code_blocked');
  });

  it('cancels an uncollected pickup after the expiry days and frees the stock', async () => {
    const { o, f } = await packedPickup();
    const base = await level(t, 'MUG-1', 'STO');
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f.id}/ready-for-pickup`, undefined, { as: 'warehouse' }));
    now = new Date(now.getTime() + 6 * 86_400_000);
    expect(await cancelExpiredPickups(t.database.db, { clock, newId: t.deps.newId, cancelOrder })).toBe(0);
    now = new Date(now.getTime() + 1 * 86_400_000 + 1000);
    // This one and the blocked pickup of the previous test (ready at the same time) are both due.
    expect(await cancelExpiredPickups(t.database.db, { clock, newId: t.deps.newId, cancelOrder })).toBe(2);
    expect(await fo(t, f.id)).toMatchObject({ status: 'cancelled' });
    const after = await order(t, o.id);
    expect(after.status).toBe('cancelled');
    expect(after.lines[0].quantities).toMatchObject({ cancelled: 1, allocated: 0 });
    expect(await level(t, 'MUG-1', 'STO')).toMatchObject({ onHand: base.onHand, reserved: base.reserved - 2 });
    await t.drain();
    expect(await cancelExpiredPickups(t.database.db, { clock, newId: t.deps.newId, cancelOrder })).toBe(0);
  });
});

describe('roles', () => {
  it('read-only may look but not act; warehouse may not change the box catalog', async () => {
    const [f] = (await ok(t.api('GET', '/api/v1/fulfillment-orders?locationCode=BER&status=open,picking', undefined, { as: 'read-only' }))).items;
    expect(f).toBeTruthy();
    for (const [method, url, body] of [
      ['POST', `/api/v1/fulfillment-orders/${f.id}/start-picking`, undefined],
      ['POST', `/api/v1/fulfillment-orders/${f.id}/scan`, { code: 'MUG-1' }],
      ['POST', `/api/v1/fulfillment-orders/${f.id}/pack`, {}],
      ['POST', `/api/v1/fulfillment-orders/${f.id}/hand-off`, undefined],
      ['POST', '/api/v1/pick-lists', { locationCode: 'BER' }],
      ['POST', '/api/v1/fulfillment/release', { orderId: f.orderId }],
    ] as const) {
      const r = await t.api(method, url, body, { as: 'read-only' });
      expect(r.status, url).toBe(403);
    }
    const box = { code: 'XL', name: 'XL', dimensionsMm: { length: 600, width: 500, height: 400 }, maxWeightGrams: 30000 };
    expect((await t.api('POST', '/api/v1/boxes', box, { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('GET', '/api/v1/boxes', undefined, { as: 'warehouse' })).status).toBe(200);
    expect((await t.api('POST', '/api/v1/boxes', box, { as: 'manager' })).status).toBe(201);
    expect((await t.api('POST', '/api/v1/boxes', box, { as: 'manager' })).status).toBe(409);
    const put = await ok(t.api('PUT', '/api/v1/boxes/XL', { ...box, code: undefined, active: false }, { as: 'manager' }));
    expect(put.active).toBe(false);
    expect((await ok(t.api('GET', '/api/v1/boxes?active=true'))).items.map((b: any) => b.code)).not.toContain('XL');
    const badStatus = await t.api('GET', '/api/v1/fulfillment-orders?status=lost', undefined, { as: 'read-only' });
    expect(badStatus.status).toBe(400);
  });
});
