import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { ok } from '../fulfillment/support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t);
  await makeProduct(t, { sku: 'JACKET', price: { amount: 7490, currency: 'EUR' } });
  await makeProduct(t, { sku: 'SOCKS', price: { amount: 1190, currency: 'EUR' } });
  await receiveStock(t, 'JACKET', 'BER', 5);
  await receiveStock(t, 'SOCKS', 'BER', 5);
});
afterAll(() => t.close());

describe('order net totals (issue 13: SO 91.70 EUR unchanged after cancelling 11.90)', () => {
  it('cancelling the 11.90 line shows cancelled 11.90 and net 79.80; the placement total stays as placed', async () => {
    const placed = await ok(t.api('POST', '/api/v1/orders', orderBody([{ sku: 'JACKET', quantity: 1, amount: 7490 }, { sku: 'SOCKS', quantity: 1, amount: 1190 }], { shipping: { amount: 490, currency: 'EUR' } })), 201);
    expect(placed.totals).toMatchObject({ total: { amount: 9170 }, cancelled: { amount: 0 }, returned: { amount: 0 }, refunded: { amount: 0 }, net: { amount: 9170 } });
    const socks = placed.lines.find((l: any) => l.sku === 'SOCKS');
    const after = await ok(t.api('POST', `/api/v1/orders/${placed.id}/cancel`, { reason: 'customer changed mind', lines: [{ lineId: socks.id, quantity: 1 }] }));
    expect(after.totals).toMatchObject({ total: { amount: 9170 }, cancelled: { amount: 1190, currency: 'EUR' }, net: { amount: 7980, currency: 'EUR' } });
    const got = await ok(t.api('GET', `/api/v1/orders/${placed.id}`));
    expect(got.totals).toEqual(after.totals);
    // the warehouse sees no money at all
    expect((await ok(t.api('GET', `/api/v1/orders/${placed.id}`, undefined, { as: 'warehouse' }))).totals).toBeNull();
  });

  it('a whole cancellation takes shipping and tax too: net 0', async () => {
    const placed = await ok(t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SOCKS', quantity: 2, amount: 1190 }], { shipping: { amount: 490, currency: 'EUR' } })), 201);
    const after = await ok(t.api('POST', `/api/v1/orders/${placed.id}/cancel`, { reason: 'fraud' }));
    expect(after.totals).toMatchObject({ total: { amount: 2870 }, cancelled: { amount: 2870 }, net: { amount: 0 } });
  });
});
