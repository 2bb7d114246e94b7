import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from '../../src/flows/place-order.js';
import { placeOrderBody } from '../../src/modules/orders/orders.schemas.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'WH', latitude: 52.52, longitude: 13.405 });
  await makeLocation(t, { code: 'STORE', name: 'Mitte store', type: 'store', canShip: false, canPickup: true, latitude: 52.53, longitude: 13.41 });
  await makeLocation(t, { code: 'DEPOT', name: 'Depot', canPickup: false, latitude: 52.4, longitude: 13.3 });
  await makeProduct(t, { sku: 'LAMP', price: { amount: 3900, currency: 'EUR' } });
  await receiveStock(t, 'LAMP', 'WH', 10);
  await receiveStock(t, 'LAMP', 'STORE', 2);
});
afterAll(() => t.close());

describe('delivery method', () => {
  it('ships by default and says so', async () => {
    const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'LAMP', quantity: 1, amount: 3900 }]));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.delivery).toEqual({ method: 'ship' });
    expect(res.body.lines[0].locationCode).toBe('WH');
  });

  it('reserves a store-pickup order at its pickup store even when that store does not ship', async () => {
    const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'LAMP', quantity: 2, amount: 3900 }], { delivery: { method: 'pickup', locationCode: 'STORE' } }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.delivery).toEqual({ method: 'pickup', locationCode: 'STORE' });
    expect(res.body.lines[0]).toMatchObject({ locationCode: 'STORE', quantities: { allocated: 2, backordered: 0 } });
    expect(await level(t, 'LAMP', 'STORE')).toMatchObject({ reserved: 2, available: 0 });
    expect(await level(t, 'LAMP', 'WH')).toMatchObject({ reserved: 1 });
    // The store is now empty: with policy reject another pickup there is refused, not sent from the warehouse.
    const short = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'LAMP', quantity: 1, amount: 3900 }], { delivery: { method: 'pickup', locationCode: 'STORE' } }));
    expect(short.status).toBe(409);
  });

  it('refuses pickup at an unknown location or one without pickup, naming the field', async () => {
    for (const code of ['NOPE', 'DEPOT']) {
      const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'LAMP', quantity: 1, amount: 3900 }], { delivery: { method: 'pickup', locationCode: code } }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'delivery.locationCode', message: expect.any(String) }]);
    }
    const bad = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'LAMP', quantity: 1 }], { delivery: { method: 'drone' } }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('delivery');
  });
});

describe('deferred sourcing', () => {
  it('leaves every quantity pending and reserves nothing, even with policy reject and no stock', async () => {
    const before = await level(t, 'LAMP', 'WH');
    const input = placeOrderBody.parse(orderBody([{ sku: 'LAMP', quantity: 50, amount: 3900 }]));
    const out = await placeOrder({ ...t.deps, actor: systemActor }, input, { deferSourcing: true });
    expect(out.status).toBe(201);
    expect(out.body.lines[0]!.quantities).toMatchObject({ ordered: 50, pending: 50, backordered: 0, allocated: 0 });
    expect(out.body.lines[0]!.locationCode).toBeNull();
    expect(await level(t, 'LAMP', 'WH')).toEqual(before);
    // Pending units can be cancelled; nothing is released because nothing was reserved.
    const cancel = await t.api('POST', `/api/v1/orders/${out.body.id}/cancel`, { reason: 'customer asked' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect(cancel.body.lines[0].quantities).toMatchObject({ cancelled: 50, pending: 0 });
    expect(await level(t, 'LAMP', 'WH')).toEqual(before);
  });
});
