import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderCancellable } from '../../web/src/pages/orders/cancel-rule.js';
import { testApp, type TestApp } from '../support/app.js';
import { boxCatalog, fulfillmentsOf, GTIN, ok, order, placeOrder, warehouse } from '../fulfillment/support.js';

// The console offers "Cancel" (whole order and per line) only when the API takes a cancellation.
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await warehouse(t, 'BER', 20);
  await boxCatalog(t);
});
afterAll(() => t.close());

describe('console: when an order offers Cancel', () => {
  it('offers it on a confirmed order, and the API takes it', async () => {
    const o = await order(t, (await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }])).id);
    expect(orderCancellable(o)).toBe(true);
    const res = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer request', lines: [{ lineId: o.lines[0].id, quantity: 1 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('offers it on a partially shipped order with backordered units, and the API cancels them', async () => {
    const placed = await placeOrder(t, [{ sku: 'PEN-1', quantity: 25 }], { inventoryPolicy: 'backorder' });
    await t.drain();
    const [f] = await fulfillmentsOf(t, placed.id);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, {}));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: GTIN.PEN, quantity: 20 }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/hand-off`, {}));

    const o = await order(t, placed.id);
    expect(o.status).toBe('partially_shipped');
    expect(o.lines[0].quantities).toMatchObject({ shipped: 20, backordered: 5 });
    expect(orderCancellable(o)).toBe(true);
    const res = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer request', lines: [{ lineId: o.lines[0].id, quantity: 5 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(orderCancellable(res.body)).toBe(false);
  });
});
