import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { ok } from '../fulfillment/support.js';
import { payloadText } from '../support/payloads.js';
import { startFakeWoo } from './fake-woocommerce.js';
import { makeConnection, shipOrder, shippingToUsWorld, wooWebhook } from './support.js';
import { deliveredByCarrier, drainThroughInjectedFailure, failNextRefundRecording, refundRows, settleReturn } from './refund-support.js';

const secret = 'wc-webhook-secret-0123456789';
const consumerKey = 'ck_0123456789abcdef0123456789abcdef01234567';
const consumerSecret = 'cs_0123456789abcdef0123456789abcdef01234567';
const easypostSecret = 'whsec_woo_refund_test';
// Order 727 of Woo's docs: line 315 (product 93, 2 × 3.00), line 316 (Bar3, 1 × 12.00), paid by bank transfer (bacs).
const created = payloadText('woocommerce/wc-v3_orders_create-an-order_response.json');

let t: TestApp;
let woo: Awaited<ReturnType<typeof startFakeWoo>>;
let conn: { id: string };
let orderId: string;

beforeAll(async () => {
  t = await testApp({ app: { shippingWebhooks: { easypostSecret } } });
  await shippingToUsWorld(t);
  woo = await startFakeWoo({ consumerKey, consumerSecret, orders: { '727': JSON.parse(created) } });
  // Bank transfer has no gateway refund: the refund is recorded in Woo and paid out by the merchant.
  conn = await makeConnection(t, { name: 'woo-us', type: 'woocommerce', credentials: { consumerKey, consumerSecret, webhookSecret: secret }, settings: { siteUrl: woo.url, refundViaGateway: false } });
  await ok(t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, { items: [{ externalSku: 'product:93', sku: 'PEN-1' }, { externalSku: 'Bar3', sku: 'MUG-1' }] }));
  orderId = (await wooWebhook(t, conn.id, 'order.created', created, secret)).body.orderId!;
  await shipOrder(t, orderId, '1Z999AA10123456785');
  await deliveredByCarrier(t, '1Z999AA10123456785', easypostSecret, 'evt_woo_refund_1');
});
afterAll(async () => {
  await t.close();
  await woo.close();
});

describe('refund push to WooCommerce (REST v3 order refunds, fake on loopback)', () => {
  it('pushes a return settled in Ordo as one order refund: amount, line item with quantity and refund_total, manual (api_refund false), key in meta_data and reason', async () => {
    const { returnId, number, owed } = await settleReturn(t, orderId, 'PEN-1');
    await t.drain();
    await t.drain();
    expect(woo.refunds).toHaveLength(1);
    const decimal = (owed / 100).toFixed(2);
    expect(woo.refunds[0]).toEqual({
      orderId: '727',
      body: {
        amount: decimal,
        reason: `Ordo return ${number} [ordo-refund-${returnId}]`,
        api_refund: false,
        api_restock: false,
        line_items: [{ id: 315, quantity: 1, refund_total: decimal }],
        meta_data: [{ key: 'ordo_refund_key', value: `ordo-refund-${returnId}` }],
      },
      response: expect.objectContaining({ amount: decimal, refunded_payment: false }),
    });
    const refunds = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/refunds`))).items;
    expect(refunds).toEqual([expect.objectContaining({ orderId, direction: 'outbound', returnId, externalRefundId: String(woo.refunds[0]!.response.id), amount: { amount: owed, currency: 'USD' } })]);
    const log = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/sync-log`))).items;
    expect(log[0]).toMatchObject({ direction: 'outbound', topic: 'refunds/create', externalId: '727', outcome: 'pushed' });
  });

  it('refunds once when recording the accepted refund fails: the retry finds it among the order refunds by its meta key', async () => {
    await failNextRefundRecording(t);
    const { returnId, owed } = await settleReturn(t, orderId, 'MUG-1');
    await drainThroughInjectedFailure(t, () => {
      expect(woo.refunds).toHaveLength(2); // Woo made it; Ordo's record of it was rolled back
    });
    expect(woo.refunds).toHaveLength(2);
    expect(woo.refunds[1]!.body).toMatchObject({ amount: (owed / 100).toFixed(2), line_items: [{ id: 316, quantity: 1 }] });
    expect(woo.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/orders/727/refunds'))).toHaveLength(3); // before each POST, and the retry
    const rows = (await refundRows(t, conn.id)).filter((r) => r.return_id === returnId);
    expect(rows).toEqual([expect.objectContaining({ state: 'synced', external_refund_id: String(woo.refunds[1]!.response.id) })]);
    const log = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/sync-log`))).items;
    expect(log[0]).toMatchObject({ topic: 'refunds/create', outcome: 'already' });
  });

  it('lists a refund WooCommerce refuses (gateway refund asked for a bank-transfer order) as refused, with an event, and does not retry it', async () => {
    await ok(t.api('PATCH', `/api/v1/channels/connections/${conn.id}`, { settings: { refundViaGateway: true } }));
    const { returnId, owed } = await settleReturn(t, orderId, 'PEN-1');
    await t.drain();
    await t.drain();
    expect(woo.refunds).toHaveLength(2);
    const posts = woo.calls.filter((c) => c.method === 'POST' && c.path === '/orders/727/refunds');
    expect(posts.at(-1)!.body).toMatchObject({ api_refund: true });
    const errors = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/errors`))).items;
    expect(errors[0]).toMatchObject({ direction: 'outbound', topic: 'refunds/create', externalId: '727', outcome: 'error', message: expect.stringContaining('does not support automatic refunds') });
    const refunds = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/refunds`))).items;
    expect(refunds.find((r: { returnId: string }) => r.returnId === returnId)).toMatchObject({ state: 'refused', externalRefundId: null, amount: { amount: owed, currency: 'USD' } });
    const [event] = await queryRows<{ payload: { returnId: string; reason: string } }>(t.database.db, sql`select payload from outbox where type = 'channel_refund.push_refused'`);
    expect(event!.payload).toMatchObject({ returnId, reason: expect.stringContaining('woocommerce_rest_cannot_create_order_refund') });
    // Delivered once: the refusal is not retried.
    await t.drain();
    expect(woo.calls.filter((c) => c.method === 'POST' && c.path === '/orders/727/refunds')).toHaveLength(posts.length);
  });
});
