import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'BER', latitude: 52.52, longitude: 13.405 });
  await makeLocation(t, { code: 'MUC', name: 'Munich', latitude: 48.137, longitude: 11.575 });
  await makeProduct(t, { sku: 'SHIRT', price: { amount: 4990, currency: 'EUR' } });
  await makeProduct(t, { sku: 'MUG', price: { amount: 1250, currency: 'EUR' } });
  await makeProduct(t, {
    sku: 'RING',
    price: { amount: 19900, currency: 'EUR' },
    customizationFields: [{ key: 'engraving', label: 'Engraving', type: 'text', required: true, maxLength: 12 }],
  });
  await receiveStock(t, 'SHIRT', 'BER', 5);
  await receiveStock(t, 'MUG', 'BER', 2);
  await receiveStock(t, 'SHIRT', 'MUC', 20);
  await receiveStock(t, 'MUG', 'MUC', 20);
  await receiveStock(t, 'RING', 'MUC', 3);
});
afterAll(() => t.close());

const count = async (table: string) => Number((await queryRows<{ n: number }>(t.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

describe('POST /orders', () => {
  it('places an order, computes totals server-side and reserves stock at the location that fills most lines', async () => {
    const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SHIRT', quantity: 2 }, { sku: 'MUG', quantity: 3, amount: 1250 }], {
      shipping: { amount: 495, currency: 'EUR' }, discount: { amount: 1000, currency: 'EUR' }, tax: { amount: 0, currency: 'EUR' }, externalId: 'W-1',
    }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const o = res.body;
    expect(o.number).toMatch(/^SO-\d{6,}$/);
    expect(o.status).toBe('confirmed');
    // BER can fill SHIRT only (MUG: 2 < 3); MUC fills both, so MUC wins despite being farther.
    expect(o.lines.map((l: any) => l.locationCode)).toEqual(['MUC', 'MUC']);
    expect(o.totals).toEqual({
      subtotal: { amount: 2 * 4990 + 3 * 1250, currency: 'EUR' },
      shipping: { amount: 495, currency: 'EUR' },
      discount: { amount: 1000, currency: 'EUR' },
      tax: { amount: 0, currency: 'EUR' },
      total: { amount: 2 * 4990 + 3 * 1250 + 495 - 1000, currency: 'EUR' },
      cancelled: { amount: 0, currency: 'EUR' },
      returned: { amount: 0, currency: 'EUR' },
      refunded: { amount: 0, currency: 'EUR' },
      net: { amount: 2 * 4990 + 3 * 1250 + 495 - 1000, currency: 'EUR' },
    });
    expect(o.lines[0].quantities).toEqual({ ordered: 2, cancelled: 0, pending: 0, backordered: 0, allocated: 2, shipped: 0, delivered: 0, returned: 0 });
    expect(await level(t, 'SHIRT', 'MUC')).toMatchObject({ onHand: 20, reserved: 2, available: 18 });
    expect(await level(t, 'SHIRT', 'BER')).toMatchObject({ reserved: 0 });
    const events = await t.api('GET', `/api/v1/orders/${o.id}/events`);
    expect(events.body.items.map((e: any) => e.type)).toEqual(['order.placed']);
    const get = await t.api('GET', `/api/v1/orders/${o.id}`);
    expect(get.body).toEqual(o);
  });

  it('prefers the nearest location when several can fill everything', async () => {
    const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SHIRT', quantity: 1 }]));
    expect(res.status).toBe(201);
    expect(res.body.lines[0].locationCode).toBe('BER');
    const munich = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SHIRT', quantity: 1 }], {
      shippingAddress: { line1: 'Marienplatz 1', city: 'München', postalCode: '80331', country: 'DE', latitude: 48.137, longitude: 11.575 },
    }));
    expect(munich.body.lines[0].locationCode).toBe('MUC');
  });

  it('deduplicates by (channel, externalId): the same channel order returns the existing order with 200', async () => {
    const first = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'MUG', quantity: 1, amount: 1250 }], { channel: 'shopify', externalId: 'SH-42' }));
    expect(first.status).toBe(201);
    const before = await level(t, 'MUG', first.body.lines[0].locationCode);
    const again = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'MUG', quantity: 1, amount: 1250 }], { channel: 'shopify', externalId: 'SH-42' }));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await level(t, 'MUG', first.body.lines[0].locationCode)).toEqual(before);
    const other = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'MUG', quantity: 1, amount: 1250 }], { channel: 'amazon', externalId: 'SH-42' }));
    expect(other.status).toBe(201);
  });

  it('rejects a short order under the reject policy with 409 naming the short lines, and writes nothing', async () => {
    const orders = await count('orders');
    const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SHIRT', quantity: 1 }, { sku: 'RING', quantity: 5, amount: 19900 }], { lines: [{ sku: 'SHIRT', quantity: 1 }, { sku: 'RING', quantity: 5, customization: { engraving: 'A+B' } }] }));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('insufficient_stock');
    expect(res.body.lines).toEqual([{ lineNo: 2, sku: 'RING', requested: 5, available: 3 }]);
    expect(res.body.errors).toEqual([{ path: 'lines.1.quantity', message: expect.stringContaining('3') }]);
    expect(await count('orders')).toBe(orders);
    expect(await level(t, 'RING', 'MUC')).toMatchObject({ reserved: 0 });
  });

  it('accepts a short order under the backorder policy and records the backordered quantity', async () => {
    const res = await t.api('POST', '/api/v1/orders', {
      ...orderBody([]),
      lines: [{ sku: 'RING', quantity: 5, customization: { engraving: 'A+B' } }],
      inventoryPolicy: 'backorder',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.lines[0]).toMatchObject({ locationCode: 'MUC', unitPrice: { amount: 19900, currency: 'EUR' }, customization: { engraving: 'A+B' } });
    expect(res.body.lines[0].quantities).toMatchObject({ ordered: 5, allocated: 3, backordered: 2 });
    expect(await level(t, 'RING', 'MUC')).toMatchObject({ onHand: 3, reserved: 3, available: 0 });
  });

  it('validates customizations against the product', async () => {
    const res = await t.api('POST', '/api/v1/orders', { ...orderBody([]), lines: [{ sku: 'RING', quantity: 1, customization: { engraving: 'far too long text', colour: 'red' } }] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual(['lines.0.customization.colour', 'lines.0.customization.engraving']);
  });

  it('matches the customer by email across orders', async () => {
    const a = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SHIRT', quantity: 1 }], { customer: { email: 'Grace@Example.com', name: 'Grace Hopper' } }));
    const b = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'SHIRT', quantity: 1 }], { customer: { email: 'grace@example.com ', name: 'Grace Hopper' } }));
    expect(a.status).toBe(201);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body.customer.id).toBe(a.body.customer.id);
    const list = await t.api('GET', `/api/v1/customers/${a.body.customer.id}/orders`);
    expect(list.body.items.map((o: any) => o.id).sort()).toEqual([a.body.id, b.body.id].sort());
  });
});
