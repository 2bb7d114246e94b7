import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { ok } from '../fulfillment/support.js';
import { payloadText } from '../support/payloads.js';
import { startFakeBigcommerce } from './fake-bigcommerce.js';
import { makeConnection, shipOrder, shippingToUsWorld } from './support.js';
import { deliveredByCarrier, drainThroughInjectedFailure, failNextRefundRecording, refundRows, settleReturn } from './refund-support.js';

const bc = (f: string) => JSON.parse(payloadText(`bigcommerce/${f}`));
const token = 'bc-access-token-0123456789abcdef';
const webhookToken = 'ordo-bc-webhook-token-0123456789';
const easypostSecret = 'whsec_bc_refund_test';

let t: TestApp;
let store: Awaited<ReturnType<typeof startFakeBigcommerce>>;
let conn: { id: string };
let orderId: string;

beforeAll(async () => {
  t = await testApp({ app: { shippingWebhooks: { easypostSecret } } });
  await shippingToUsWorld(t);
  // Order 250 of BigCommerce's docs (paid in cash): product 65 (S-ORAN, 55.99 + tax), product 66 (ABS, free).
  store = await startFakeBigcommerce({
    storeHash: 'abc123',
    token,
    orders: { '250': { order: { ...bc('orders-v2_order_Resp_Response.json'), id: 250 }, products: bc('orders-v2_orderProductsCollection_Resp_response.json'), addresses: bc('orders-v2_orderShippingAddressCollection_Resp_response.json') } },
    shipmentExample: bc('orders-v2_orderShipment_Resp_application-json.json'),
  });
  conn = await makeConnection(t, { name: 'bc-us', type: 'bigcommerce', credentials: { accessToken: token, webhookToken }, settings: { storeHash: 'abc123', apiBase: store.url } });
  await ok(t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, { items: [{ externalSku: 'S-ORAN', sku: 'BOOK-1' }, { externalSku: 'ABS', sku: 'PEN-1' }] }));
  const res = await t.http.inject({ method: 'POST', url: `/api/v1/channels/webhooks/bigcommerce/${conn.id}`, headers: { 'content-type': 'application/json', 'x-ordo-webhook-token': webhookToken }, payload: payloadText('bigcommerce/webhook_store_order_created.json') });
  orderId = JSON.parse(res.body).orderId;
  await shipOrder(t, orderId, '1Z999AA10123456786');
  await deliveredByCarrier(t, '1Z999AA10123456786', easypostSecret, 'evt_bc_refund_1');
});
afterAll(async () => {
  await t.close();
  await store.close();
});

describe('refund push to BigCommerce (V3 payment actions: refund quote, then refund; fake on loopback)', () => {
  it('quotes the returned product and creates exactly one refund with the quoted method and Ordo’s amount, also when recording it fails after BigCommerce accepted it', async () => {
    await failNextRefundRecording(t);
    const { returnId, number, owed } = await settleReturn(t, orderId, 'BOOK-1');
    await drainThroughInjectedFailure(t, () => {
      expect(store.refunds).toHaveLength(1); // BigCommerce made it; Ordo's record was rolled back
    });
    expect(store.refunds).toHaveLength(1);
    const amount = owed / 100;
    const reason = `Ordo return ${number} [ordo-refund-${returnId}]`;
    const quote = store.calls.find((c) => c.path === '/v3/orders/250/payment_actions/refund_quotes')!;
    expect(quote.body).toEqual({ items: [{ item_type: 'PRODUCT', item_id: 65, quantity: 1 }] });
    // Ordo owes 50.99 (55.99 less the order's 5.00 discount, tax not part of a return's value); the
    // quote says 65.23 with tax: the total is stated as a merchant override. Paid in cash → offline.
    expect(store.refunds[0]!.body).toEqual({
      items: [{ item_type: 'PRODUCT', item_id: 65, quantity: 1, reason }],
      payments: [{ provider_id: 'cash', amount, offline: true }],
      merchant_calculated_override: { total_amount: amount, total_tax: 0 },
    });
    // The retry read the order's refunds and found this one by the key in its items' reason.
    expect(store.calls.filter((c) => c.method === 'GET' && c.path === '/v3/orders/250/payment_actions/refunds')).toHaveLength(2);
    expect(store.calls.filter((c) => c.method === 'POST' && c.path === '/v3/orders/250/payment_actions/refunds')).toHaveLength(1);
    const rows = await refundRows(t, conn.id);
    expect(rows).toEqual([expect.objectContaining({ state: 'synced', return_id: returnId, external_refund_id: String(store.refunds[0]!.data.id) })]);
    const refunds = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/refunds`))).items;
    expect(refunds).toEqual([expect.objectContaining({ orderId, direction: 'outbound', returnId, amount: { amount: owed, currency: 'USD' } })]);
    const log = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/sync-log`))).items;
    expect(log[0]).toMatchObject({ direction: 'outbound', topic: 'refunds/create', externalId: '250', outcome: 'already' });
  });

  it('records a refund made in BigCommerce (store/order/refund/created webhook, real body) once, fetched from the V3 refunds; the echo of Ordo’s own push is a duplicate', async () => {
    const ours = store.refunds[0]!.data;
    // The merchant refunds the free product and 4.50 in the control panel: refund 3 of order 250.
    store.seedRefund('250', { id: 3, order_id: 250, user_id: 7, created: '2026-03-05T10:00:00+00:00', total_amount: 4.5, total_tax: 0, uses_merchant_override_values: false, payments: [{ id: 31, provider_id: 'cash', amount: 4.5, offline: true, is_declined: false, declined_message: '' }], items: [{ item_type: 'PRODUCT', item_id: 66, quantity: 1, requested_amount: null, reason: 'damaged in transit' }] });
    const raw = payloadText('bigcommerce/webhook_store_order_refund_created.json'); // data.id 250, refund_id 3
    const deliver = async (body: string, headerToken = webhookToken) => {
      const res = await t.http.inject({ method: 'POST', url: `/api/v1/channels/webhooks/bigcommerce/${conn.id}`, headers: { 'content-type': 'application/json', 'x-ordo-webhook-token': headerToken }, payload: body });
      return { status: res.statusCode, body: JSON.parse(res.body) };
    };
    expect((await deliver(raw, 'wrong')).status).toBe(401);
    expect((await deliver(raw)).body).toMatchObject({ received: true, outcome: 'recorded', orderId });
    expect((await deliver(raw)).body).toMatchObject({ outcome: 'duplicate', orderId });
    const echo = JSON.stringify({ ...JSON.parse(raw), data: { type: 'order', id: 250, refund: { refund_id: ours.id } } });
    expect((await deliver(echo)).body).toMatchObject({ outcome: 'duplicate' });
    const refunds = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/refunds`))).items;
    expect(refunds).toHaveLength(2);
    expect(refunds.find((r: { direction: string }) => r.direction === 'inbound')).toMatchObject({ orderId, externalRefundId: '3', state: 'synced', amount: { amount: 450, currency: 'USD' }, lines: [{ externalLineId: '66', quantity: 1 }], note: 'damaged in transit' });
  });
});
