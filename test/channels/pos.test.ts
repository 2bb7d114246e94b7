import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { fulfillmentsOf } from '../fulfillment/support.js';

let t: TestApp;
const card = { provider: 'sandbox', paymentMethod: 'pm_sandbox_success' };

const level = async (sku: string, locationCode: string) => {
  const res = await t.api('GET', `/api/v1/inventory?sku=${sku}&locationCode=${locationCode}`);
  const [l] = res.body.items as Array<{ onHand: number; reserved: number }>;
  return { onHand: l!.onHand, reserved: l!.reserved };
};
const movements = async (sku: string, locationCode: string) =>
  ((await t.api('GET', `/api/v1/inventory/movements?sku=${sku}&locationCode=${locationCode}`)).body.items as Array<{ delta: number; reason: string }>).map((m) => [m.reason, m.delta]);

beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'BER', name: 'Berlin warehouse' });
  await makeLocation(t, { code: 'MUC', name: 'Munich store', type: 'store', canPickup: true, address: { line1: 'Kaufingerstraße 1', city: 'München', postalCode: '80331', country: 'DE' }, latitude: 48.137, longitude: 11.575 });
  await makeProduct(t, { sku: 'PEN-1', name: 'Fountain pen', price: { amount: 2500, currency: 'EUR' } });
  await receiveStock(t, 'PEN-1', 'BER', 100);
  await receiveStock(t, 'PEN-1', 'MUC', 5);
});
afterAll(() => t.close());

describe('POS: an in-store sale', () => {
  let orderId: string;

  it('is placed, captured and fulfilled on the spot from the store’s stock (no pick, pack or shipment)', async () => {
    const res = await t.api('POST', '/api/v1/pos/sales', { locationCode: 'MUC', receiptNumber: 'R-0001', lines: [{ sku: 'PEN-1', quantity: 2 }], payment: card });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    orderId = res.body.id;
    expect(res.body).toMatchObject({ channel: 'pos', externalId: 'MUC:R-0001', status: 'delivered', delivery: { method: 'pickup', locationCode: 'MUC' } });
    expect(res.body.lines[0].quantities).toMatchObject({ ordered: 2, shipped: 2, delivered: 2, allocated: 0 });
    const payments = (await t.api('GET', `/api/v1/orders/${orderId}/payments`)).body;
    expect(payments.items[0]).toMatchObject({ status: 'captured', captured: { amount: 5000, currency: 'EUR' } });
    // The store's stock went out with a shipment movement; the warehouse was not touched.
    expect(await level('PEN-1', 'MUC')).toEqual({ onHand: 3, reserved: 0 });
    expect(await level('PEN-1', 'BER')).toEqual({ onHand: 100, reserved: 0 });
    expect((await movements('PEN-1', 'MUC'))[0]).toEqual(['shipment', -2]);
    const fos = await fulfillmentsOf(t, orderId);
    expect(fos).toEqual([expect.objectContaining({ locationCode: 'MUC', type: 'pickup', status: 'picked_up' })]);
    await t.drain();
    expect((await t.api('GET', `/api/v1/orders/${orderId}`)).body.status).toBe('delivered');
  });

  it('the same receipt again is the same sale; nothing moves twice', async () => {
    const res = await t.api('POST', '/api/v1/pos/sales', { locationCode: 'MUC', receiptNumber: 'R-0001', lines: [{ sku: 'PEN-1', quantity: 2 }], payment: card });
    expect(res.status).toBe(201);
    expect(res.body.id).toBe(orderId);
    expect(await level('PEN-1', 'MUC')).toEqual({ onHand: 3, reserved: 0 });
  });

  it('sells only what the store has, even when a warehouse has more', async () => {
    const res = await t.api('POST', '/api/v1/pos/sales', { locationCode: 'MUC', receiptNumber: 'R-0002', lines: [{ sku: 'PEN-1', quantity: 4 }], payment: card });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('insufficient_stock');
    expect(await level('PEN-1', 'MUC')).toEqual({ onHand: 3, reserved: 0 });
  });

  it('a declined card cancels the sale and releases the store’s stock (422)', async () => {
    const res = await t.api('POST', '/api/v1/pos/sales', { locationCode: 'MUC', receiptNumber: 'R-0003', lines: [{ sku: 'PEN-1', quantity: 1 }], payment: { provider: 'sandbox', paymentMethod: 'pm_sandbox_declined' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('payment_declined');
    expect((await t.api('GET', `/api/v1/orders/${res.body.orderId}`)).body.status).toBe('cancelled');
    expect(await level('PEN-1', 'MUC')).toEqual({ onHand: 3, reserved: 0 });
  });

  it('refuses a location that is not a store, naming the field', async () => {
    const res = await t.api('POST', '/api/v1/pos/sales', { locationCode: 'BER', receiptNumber: 'R-0004', lines: [{ sku: 'PEN-1', quantity: 1 }], payment: card });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'locationCode', message: 'is not an active store' }]);
  });

  it('a return at the store counter is restocked into the store’s stock and refunded', async () => {
    const order = (await t.api('GET', `/api/v1/orders/${orderId}`)).body;
    const res = await t.api('POST', '/api/v1/pos/returns', { locationCode: 'MUC', orderId, lines: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'changed_mind', condition: 'new' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ return: { status: 'completed', orderId }, refunded: { amount: 2500, currency: 'EUR' } });
    expect(await level('PEN-1', 'MUC')).toEqual({ onHand: 4, reserved: 0 });
    expect((await movements('PEN-1', 'MUC'))[0]).toEqual(['return', 1]);
    const payments = (await t.api('GET', `/api/v1/orders/${orderId}/payments`)).body;
    expect(payments.items[0]).toMatchObject({ refunded: { amount: 2500 } });
    expect((await t.api('GET', `/api/v1/orders/${orderId}`)).body.lines[0].quantities.returned).toBe(1);
  });
});
