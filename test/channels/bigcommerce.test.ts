import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { ok } from '../fulfillment/support.js';
import { payloadText } from '../support/payloads.js';
import { startFakeBigcommerce } from './fake-bigcommerce.js';
import { makeConnection, shipOrder, shippingToUsWorld } from './support.js';

const bc = (f: string) => JSON.parse(payloadText(`bigcommerce/${f}`));
const token = 'bc-access-token-0123456789abcdef';
const webhookToken = 'ordo-bc-webhook-token-0123456789';
const created = payloadText('bigcommerce/webhook_store_order_created.json'); // data.id 250
const updated = payloadText('bigcommerce/webhook_store_order_updated.json');

let t: TestApp;
let store: Awaited<ReturnType<typeof startFakeBigcommerce>>;
let conn: { id: string };
const order250 = { ...bc('orders-v2_order_Resp_Response.json'), id: 250 };

const deliver = async (raw: string, headerToken = webhookToken) => {
  const res = await t.http.inject({ method: 'POST', url: `/api/v1/channels/webhooks/bigcommerce/${conn.id}`, headers: { 'content-type': 'application/json', 'x-ordo-webhook-token': headerToken }, payload: raw });
  return { status: res.statusCode, body: JSON.parse(res.body) };
};

beforeAll(async () => {
  t = await testApp();
  await shippingToUsWorld(t);
  store = await startFakeBigcommerce({
    storeHash: 'abc123',
    token,
    orders: { '250': { order: order250, products: bc('orders-v2_orderProductsCollection_Resp_response.json'), addresses: bc('orders-v2_orderShippingAddressCollection_Resp_response.json') } },
    shipmentExample: bc('orders-v2_orderShipment_Resp_application-json.json'),
  });
  conn = await makeConnection(t, { name: 'bc-us', type: 'bigcommerce', credentials: { accessToken: token, webhookToken }, settings: { storeHash: 'abc123', apiBase: store.url } });
  await ok(t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, { items: [{ externalSku: 'S-ORAN', sku: 'BOOK-1' }, { externalSku: 'ABS', sku: 'PEN-1' }] }));
});
afterAll(async () => {
  await t.close();
  await store.close();
});

describe('BigCommerce (thin webhook → V2 order fetch; shipments)', () => {
  it('refuses a webhook without the shared token (401) before fetching anything', async () => {
    expect((await deliver(created, 'wrong')).status).toBe(401);
    expect(store.calls).toEqual([]);
  });

  it('fetches and places the order once; an update with the same date_modified is a duplicate', async () => {
    const first = await deliver(created);
    expect(first.body, JSON.stringify(first.body)).toMatchObject({ outcome: 'placed' });
    expect(store.calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual(['GET /orders/250', 'GET /orders/250/products', 'GET /orders/250/shippingaddresses']);
    expect((await deliver(updated)).body).toMatchObject({ outcome: 'duplicate', orderId: first.body.orderId });
    const order = (await t.api('GET', `/api/v1/orders/${first.body.orderId}`)).body;
    expect(order).toMatchObject({ channel: 'bc-us', externalId: '250', customer: { email: 'janedoe@example.com', name: 'Jane Doe' }, shippingAddress: { line1: '666 Sussex St', city: 'San Antonio', postalCode: '78251' } });
    expect(order.lines.map((l: any) => [l.sku, l.quantity, l.unitPrice.amount])).toEqual([['BOOK-1', 1, 5599], ['PEN-1', 1, 0]]);
    expect(order.totals).toMatchObject({ shipping: { amount: 1109 }, discount: { amount: 500 }, tax: { amount: 531 } });
  });

  it('creates a BigCommerce shipment with tracking for the shipped order products; a later cancellation of the shipped order is refused and listed', async () => {
    const orderId = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/orders`)).body.items[0].orderId;
    store.calls.length = 0;
    await shipOrder(t, orderId, '1Z999AA10123456784');
    await t.drain();
    const post = store.calls.find((c) => c.method === 'POST')!;
    expect(post).toEqual({ method: 'POST', path: '/orders/250/shipments', body: { order_address_id: 132, tracking_number: '1Z999AA10123456784', shipping_provider: 'ups', items: [{ order_product_id: 65, quantity: 1 }, { order_product_id: 66, quantity: 1 }] } });

    // BigCommerce → Ordo: status 5 (Cancelled) with a later date_modified; the order has shipped, so the cancel flow refuses it (409) and it is listed.
    order250.status_id = 5;
    order250.date_modified = 'Tue, 12 Mar 2019 10:00:00 +0000';
    const r = await deliver(updated);
    expect(r.status).toBe(409);
    const errors = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/errors`)).body.items;
    expect(errors[0]).toMatchObject({ direction: 'inbound', externalId: '250', outcome: 'error' });
  });
});
