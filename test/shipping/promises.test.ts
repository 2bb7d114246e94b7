import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, receiveStock } from '../support/factories.js';
import { ok, packedOrder, placeOrder, shippingWorld } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await shippingWorld(t);
  await makeLocation(t, { code: 'MUC', name: 'Munich store', latitude: 48.137, longitude: 11.575, address: { line1: 'Marienplatz 1', city: 'München', postalCode: '80331', country: 'DE' } });
  await receiveStock(t, 'PEN-1', 'MUC', 5);
});
afterAll(() => t.close());

const berlin = { country: 'DE', latitude: 52.517, longitude: 13.389 };

describe('POST /promise', () => {
  it('offers each service from the locations that have every line, nearest first, reserving nothing', async () => {
    const before = await level(t, 'PEN-1', 'MUC');
    const res = await ok(t.api('POST', '/api/v1/promise', { lines: [{ sku: 'PEN-1', quantity: 2 }], shippingAddress: berlin }, { as: 'integration' }));
    expect(res.locations.map((l: any) => l.locationCode)).toEqual(['BER', 'MUC']);
    const ber = res.locations[0];
    expect(ber.options.map((o: any) => [o.service, o.price.amount])).toEqual([['ground', 450], ['express', 900]]);
    const [ground, express] = ber.options;
    expect(express.deliveryDate < ground.deliveryDate).toBe(true);
    expect(res.earliestDelivery).toBe(express.deliveryDate);
    // Munich is 500 km away: NATIONAL prices.
    expect(res.locations[1].options.map((o: any) => o.price.amount)).toEqual([590, 1180]);
    expect(await level(t, 'PEN-1', 'MUC')).toEqual(before);

    const onlyBer = await ok(t.api('POST', '/api/v1/promise', { lines: [{ sku: 'PEN-1', quantity: 1 }, { sku: 'MUG-1', quantity: 1 }], shippingAddress: berlin, level: 'express' }));
    expect(onlyBer.locations.map((l: any) => [l.locationCode, l.options.map((o: any) => o.service)])).toEqual([['BER', ['express']]]);
    const none = await ok(t.api('POST', '/api/v1/promise', { lines: [{ sku: 'MUG-1', quantity: 500 }], shippingAddress: berlin }));
    expect(none).toEqual({ locations: [], earliestDelivery: null, reason: 'no single ship-from location has every line in stock' });
    const bad = await t.api('POST', '/api/v1/promise', { lines: [{ sku: 'NOPE', quantity: 1 }], shippingAddress: berlin });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'lines.0.sku', message: 'unknown SKU NOPE' }]);
  });
});

describe('order promises', () => {
  it('is stored after placement by a handler, used by the label purchase, and never moved earlier by a label', async () => {
    const quote = await ok(t.api('POST', '/api/v1/promise', { lines: [{ sku: 'MUG-1', quantity: 1 }], shippingAddress: berlin }));
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }]);
    expect((await t.api('GET', `/api/v1/orders/${o.id}/promise`)).status).toBe(404); // not in the placement transaction
    await t.drain();
    const p = await ok(t.api('GET', `/api/v1/orders/${o.id}/promise`));
    expect(p).toMatchObject({ orderId: o.id, source: 'placement', locationCode: 'BER', carrier: 'ordo-post', service: 'ground', promisedDate: quote.locations[0].options[0].deliveryDate });

    const { order, fo } = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }]);
    const promised = (await ok(t.api('GET', `/api/v1/orders/${order.id}/promise`))).promisedDate;
    const s = await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { level: 'express' }, { as: 'warehouse' }), 201);
    expect(s.promisedDate).toBe(promised);
    expect(s.chosen.meetsPromise).toBe(true);
    await t.drain();
    const after = await ok(t.api('GET', `/api/v1/orders/${s.orderId}/promise`));
    expect(after.promisedDate).toBe(promised);
    expect((await t.api('GET', '/api/v1/orders/00000000-0000-7000-8000-000000000000/promise')).status).toBe(404);
  });
});
