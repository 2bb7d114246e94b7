import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { ok } from '../fulfillment/support.js';
import { payloadText } from '../support/payloads.js';
import { queryRows } from '../../src/platform/db/query.js';
import { startFakeWoo } from './fake-woocommerce.js';
import { makeConnection, shipOrder, shippingToUsWorld, wooWebhook } from './support.js';

const secret = 'wc-webhook-secret-0123456789';
const consumerKey = 'ck_0123456789abcdef0123456789abcdef01234567';
const consumerSecret = 'cs_0123456789abcdef0123456789abcdef01234567';
const created = payloadText('woocommerce/wc-v3_orders_create-an-order_response.json'); // 727, processing, 19:28:08 GMT
const completed = payloadText('woocommerce/wc-v3_orders_update-an-order_response.json'); // 727, completed, 19:30:35 GMT

let t: TestApp;
let woo: Awaited<ReturnType<typeof startFakeWoo>>;
let conn: { id: string };

beforeAll(async () => {
  t = await testApp();
  await shippingToUsWorld(t);
  woo = await startFakeWoo({ consumerKey, consumerSecret, orders: { '727': JSON.parse(created), '728': { ...JSON.parse(created), id: 728 } } });
  conn = await makeConnection(t, { name: 'woo-us', type: 'woocommerce', credentials: { consumerKey, consumerSecret, webhookSecret: secret }, settings: { siteUrl: woo.url } });
  // Line 1 of the real order has no SKU (product 93): mapped by product id.
  await ok(t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, { items: [{ externalSku: 'product:93', sku: 'PEN-1' }, { externalSku: 'Bar3', sku: 'MUG-1' }] }));
});
afterAll(async () => {
  await t.close();
  await woo.close();
});

describe('WooCommerce (real REST v3 order payloads, webhook signature, REST order updates)', () => {
  it('refuses a bad signature with 401 and writes nothing', async () => {
    const res = await wooWebhook(t, conn.id, 'order.created', created, 'wrong-secret');
    expect(res.status).toBe(401);
    const [n] = await queryRows<{ n: string }>(t.database.db, sql`select count(*)::text as n from channel_orders`);
    expect(n!.n).toBe('0');
  });

  it('places order.created once, ignores older versions, and records a newer one', async () => {
    const first = await wooWebhook(t, conn.id, 'order.created', created, secret);
    expect(first.body, JSON.stringify(first.body)).toMatchObject({ outcome: 'placed' });
    expect((await wooWebhook(t, conn.id, 'order.created', created, secret)).body).toMatchObject({ outcome: 'duplicate', orderId: first.body.orderId });
    const order = (await t.api('GET', `/api/v1/orders/${first.body.orderId}`)).body;
    expect(order).toMatchObject({ channel: 'woo-us', externalId: '727', currency: 'USD', customer: { email: 'john.doe@example.com', name: 'John Doe' } });
    expect(order.lines.map((l: any) => [l.sku, l.quantity, l.unitPrice.amount])).toEqual([['PEN-1', 2, 300], ['MUG-1', 1, 1200]]);
    expect(order.totals).toMatchObject({ subtotal: { amount: 1800 }, shipping: { amount: 1000 }, tax: { amount: 135 }, total: { amount: 2935 } });
    expect((await wooWebhook(t, conn.id, 'order.updated', completed, secret)).body.outcome).toBe('updated');
    expect((await wooWebhook(t, conn.id, 'order.updated', created, secret)).body.outcome).toBe('stale');
  });

  it('pushes a shipment back as a customer note with the tracking number and status completed', async () => {
    const orderId = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/orders`)).body.items[0].orderId;
    await shipOrder(t, orderId, '1Z999AA10123456784');
    await t.drain();
    expect(woo.calls).toEqual([
      { method: 'POST', path: '/orders/727/notes', body: { note: 'Shipped with ep-ups, tracking 1Z999AA10123456784', customer_note: true } },
      { method: 'PUT', path: '/orders/727', body: { status: 'completed' } },
    ]);
  });

  it('syncs cancellations both ways', async () => {
    // Woo → Ordo: a newer version with status cancelled cancels the Ordo order.
    const o728 = { ...JSON.parse(created), id: 728, number: '728' };
    const placed = await wooWebhook(t, conn.id, 'order.created', JSON.stringify(o728), secret);
    const cancelledThere = await wooWebhook(t, conn.id, 'order.updated', JSON.stringify({ ...o728, status: 'cancelled', date_modified_gmt: '2017-03-22T20:00:00' }), secret);
    expect(cancelledThere.body.outcome).toBe('cancelled');
    expect((await t.api('GET', `/api/v1/orders/${placed.body.orderId}`)).body.status).toBe('cancelled');
    await t.drain();
    expect(woo.calls.filter((c) => c.path === '/orders/728')).toEqual([]);
    // Ordo → Woo.
    const o729 = { ...JSON.parse(created), id: 729, number: '729' };
    const p729 = await wooWebhook(t, conn.id, 'order.created', JSON.stringify(o729), secret);
    await ok(t.api('POST', `/api/v1/orders/${p729.body.orderId}/cancel`, { reason: 'out of stock' }));
    await t.drain();
    const errors = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/errors`)).body.items;
    // 729 does not exist in the fake store: the refusal is listed, not retried forever.
    expect(errors[0]).toMatchObject({ direction: 'outbound', topic: 'orders/cancel', externalId: '729', outcome: 'error', message: expect.stringContaining('404') });
  });
});
