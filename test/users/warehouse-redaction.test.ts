import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { asSession, login, makeUser } from './support.js';

let t: TestApp;
let orderId: string;

beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'BER' });
  await makeProduct(t, { sku: 'TEE' });
  await receiveStock(t, 'TEE', 'BER', 10);
  const billing = { name: 'Ada Billing', line1: 'Rechnungsweg 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
  const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'TEE', quantity: 2, amount: 4990 }], { billingAddress: billing }));
  expect(res.status).toBe(201);
  orderId = res.body.id;
});
afterAll(() => t.close());

describe('warehouse redaction', () => {
  it('GET /orders/{id}: no totals, prices or email for the warehouse; names and the shipping address stay', async () => {
    const full = (await t.api('GET', `/api/v1/orders/${orderId}`, undefined, { as: 'support' })).body;
    expect(full.totals.total).toEqual({ amount: 9980, currency: 'EUR' });
    expect(full.customer.email).toBe('ada@example.com');
    expect(full.lines[0].unitPrice).toEqual({ amount: 4990, currency: 'EUR' });

    const res = await t.api('GET', `/api/v1/orders/${orderId}`, undefined, { as: 'warehouse' });
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o.totals).toBeNull();
    expect(o.lines[0]).toMatchObject({ sku: 'TEE', quantity: 2, unitPrice: null, lineTotal: null, locationCode: 'BER' });
    expect(o.customer).toEqual({ id: full.customer.id, email: null, name: 'Ada Lovelace' });
    expect(o.shippingAddress).toEqual(full.shippingAddress);
    expect(o.billingAddress).toBeNull();
    expect(JSON.stringify(o)).not.toContain('ada@example.com');
    expect(JSON.stringify(o)).not.toContain('4990');
  });

  it('GET /orders/{id}/events: no money or contact in event payloads for the warehouse', async () => {
    const full = (await t.api('GET', `/api/v1/orders/${orderId}/events`, undefined, { as: 'support' })).body.items[0];
    expect(full.payload.total).toEqual({ amount: 9980, currency: 'EUR' });
    const wh = (await t.api('GET', `/api/v1/orders/${orderId}/events`, undefined, { as: 'warehouse' })).body.items[0];
    expect(wh.type).toBe('order.placed');
    expect(wh.payload).not.toHaveProperty('total');
    expect(wh.payload.lines[0]).toMatchObject({ sku: 'TEE', quantity: 2, allocated: 2 });
    expect(JSON.stringify(wh)).not.toContain('9980');
  });

  it('GET /orders: the warehouse may not search by customer email, and free text does not match emails for it', async () => {
    const byEmail = await t.api('GET', '/api/v1/orders?email=ada@example.com', undefined, { as: 'warehouse' });
    expect(byEmail.status).toBe(403);
    expect(byEmail.body.errors).toEqual([{ path: 'query.email', message: 'not allowed for your role' }]);
    expect((await t.api('GET', '/api/v1/orders?q=ada@example', undefined, { as: 'warehouse' })).body.items).toEqual([]);
    expect((await t.api('GET', '/api/v1/orders?q=Ada Lovelace', undefined, { as: 'warehouse' })).body.items).toHaveLength(1);
    expect((await t.api('GET', '/api/v1/orders?q=ada@example', undefined, { as: 'support' })).body.items).toHaveLength(1);
  });

  it('GET /orders: no total or email for the warehouse; other roles unchanged', async () => {
    const wh = (await t.api('GET', '/api/v1/orders', undefined, { as: 'warehouse' })).body.items[0];
    expect(wh).toMatchObject({ id: orderId, customerName: 'Ada Lovelace', email: null, total: null });
    for (const role of ['admin', 'manager', 'support', 'read-only'] as const) {
      const item = (await t.api('GET', '/api/v1/orders', undefined, { as: role })).body.items[0];
      expect(item, role).toMatchObject({ email: 'ada@example.com', total: { amount: 9980, currency: 'EUR' } });
    }
  });

  it('applies to a warehouse user signed in to the console', async () => {
    const wes = await makeUser(t, { email: 'wes@example.com', role: 'warehouse' });
    const s = await login(t, wes.email, wes.password);
    const o = (await asSession(t, s, 'GET', `/api/v1/orders/${orderId}`)).body;
    expect(o.totals).toBeNull();
    expect(o.customer.email).toBeNull();
    expect((await asSession(t, s, 'GET', '/api/v1/customers')).status).toBe(403);
  });

  it('documents the redacted fields as nullable in OpenAPI', async () => {
    const doc = (await t.api('GET', '/api/v1/openapi.json')).body;
    const order = JSON.stringify(doc.components.schemas.Order);
    expect(order).toContain('null for the warehouse role');
    const list = JSON.stringify(doc.paths['/api/v1/orders'].get.responses['200']);
    expect(list).toContain('null for the warehouse role');
  });
});
