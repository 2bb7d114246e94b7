import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { payloadsDir, payloadText } from '../support/payloads.js';
import { ok } from '../fulfillment/support.js';
import { easypostSignature } from '../../src/modules/shipping/carriers/webhook-signatures.js';
import { startFakeShopify, type FakeShopify } from './fake-shopify.js';
import { makeConnection, shipOrder, shippingToUsWorld, shopifyOrderBody, shopifySecret, shopifyToken, shopifyWebhook } from './support.js';
import { hmacBase64 } from '../../src/modules/channels/connectors/hmac.js';
import { drainThroughInjectedFailure, failNextRefundRecording, refundRows, settleReturn } from './refund-support.js';

let t: TestApp;
let shop: FakeShopify;
let conn: { id: string };
let orderId: string;
const easypostSecret = 'whsec_refund_test';

/** Delivers a Shopify webhook with any topic (raw JSON, base64 HMAC-SHA256). */
const shopifyTopic = (topic: string, raw: string) =>
  t.http.inject({
    method: 'POST',
    url: `/api/v1/channels/webhooks/shopify/${conn.id}`,
    headers: { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-hmac-sha256': hmacBase64(shopifySecret, Buffer.from(raw)) },
    payload: raw,
  });

beforeAll(async () => {
  t = await testApp({ app: { shippingWebhooks: { easypostSecret } } });
  shop = await startFakeShopify({ accessToken: shopifyToken });
  await shippingToUsWorld(t);
  conn = await makeConnection(t, { name: 'shopify-us', type: 'shopify', credentials: { accessToken: shopifyToken, webhookSecret: shopifySecret }, settings: { shopDomain: 'jsmith.myshopify.com', apiBase: shop.url, apiVersion: '2026-07' } });
  await ok(t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, { items: [{ externalSku: 'IPOD2008GREEN', sku: 'PEN-1' }, { externalSku: 'IPOD2008RED', sku: 'MUG-1' }, { externalSku: 'IPOD2008BLACK', sku: 'BOOK-1' }] }));
  const raw = shopifyOrderBody('rest-2026-07_order_test_1.json');
  shop.seedOrder(JSON.parse(raw));
  orderId = (await shopifyWebhook(t, conn.id, 'orders/create', raw)).body.orderId!;
  await shipOrder(t, orderId, '1Z999AA10123456784');
  // The carrier reports the parcel delivered (EasyPost tracker webhook), which opens the return window.
  const sample = JSON.parse(readFileSync(`${payloadsDir}easypost/guides__tracking-guide__json__tracking-webhook.json`, 'utf8'));
  sample.id = 'evt_refund_1';
  sample.result = { ...sample.result, tracking_code: '1Z999AA10123456784', status: 'delivered', tracking_details: sample.result.tracking_details.slice(0, 2) };
  const body = Buffer.from(JSON.stringify(sample));
  await t.http.inject({ method: 'POST', url: '/api/v1/shipping/webhooks/easypost', headers: { 'content-type': 'application/json', 'x-hmac-signature': easypostSignature(body, easypostSecret) }, payload: body });
  await t.drain().catch(() => undefined);
});
afterAll(async () => {
  await t.close();
  await shop.close();
});

describe('refund sync with Shopify (GraphQL Admin API fake on loopback)', () => {
  let pushedId: string;

  it('pushes a refund settled in Ordo (a received return) as refundCreate in its real RefundInput shape, once', async () => {
    const order = await ok(t.api('GET', `/api/v1/orders/${orderId}`));
    expect(order.status).toBe('delivered');
    const line = order.lines.find((l: { sku: string }) => l.sku === 'BOOK-1');
    const ret = await ok(t.api('POST', '/api/v1/returns', { orderId, lines: [{ orderLineId: line.id, quantity: 1, reason: 'defective' }] }), 201);
    await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, {}));
    const received = await ok(t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'BER', items: [{ code: 'BOOK-1', quantity: 1, condition: 'new', disposition: 'restock' }] }));
    expect(received.return.status).toBe('completed');
    const owed = received.return.lines[0].value.amount - received.return.lines[0].restockingFee.amount;
    expect(owed).toBeGreaterThan(0);
    await t.drain();
    await t.drain();
    expect(shop.refunds).toHaveLength(1);
    const input = shop.refunds[0]!.input;
    expect(input).toMatchObject({
      orderId: 'gid://shopify/Order/450789469',
      notify: true,
      refundLineItems: [{ lineItemId: 'gid://shopify/LineItem/703073504', quantity: 1, restockType: 'NO_RESTOCK' }],
      transactions: [{ orderId: 'gid://shopify/Order/450789469', gateway: 'bogus', kind: 'REFUND', amount: (owed / 100).toFixed(2), parentId: expect.stringMatching(/^gid:\/\/shopify\/OrderTransaction\/\d+$/) }],
    });
    const refunds = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/refunds`))).items;
    expect(refunds).toEqual([expect.objectContaining({ orderId, direction: 'outbound', returnId: ret.id, externalRefundId: shop.refunds[0]!.id, amount: { amount: owed, currency: 'USD' } })]);
    pushedId = shop.refunds[0]!.id;
    const log = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/sync-log`))).items;
    expect(log[0]).toMatchObject({ direction: 'outbound', topic: 'refunds/create', outcome: 'pushed' });
  });

  it('refunds once when recording the accepted refund fails: the retry finds it on Shopify by the key in its note', async () => {
    const before = shop.refunds.length;
    await failNextRefundRecording(t);
    const { returnId, owed } = await settleReturn(t, orderId, 'MUG-1');
    await drainThroughInjectedFailure(t, () => {
      // Shopify accepted the refund; Ordo's record of it was rolled back.
      expect(shop.refunds).toHaveLength(before + 1);
    });
    expect(shop.refunds).toHaveLength(before + 1);
    const made = shop.refunds.at(-1)!;
    expect(made.input.note).toContain(`[ordo-refund-${returnId}]`);
    expect(made.input.transactions[0].amount).toBe((owed / 100).toFixed(2));
    const rows = (await refundRows(t, conn.id)).filter((r) => r.return_id === returnId);
    expect(rows).toEqual([expect.objectContaining({ state: 'synced', external_refund_id: made.id, idempotency_key: `ordo-refund-${returnId}` })]);
    const log = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/sync-log`))).items;
    expect(log[0]).toMatchObject({ topic: 'refunds/create', outcome: 'already' });
  });

  it('records a refund made on Shopify (refunds/create webhook, real payload) against the Ordo order, once; ignores the echo of its own push', async () => {
    const doc = JSON.parse(payloadText('shopify/rest-2026-07_refund_test_2.json')) as { refund?: unknown; refunds?: unknown[] };
    const raw = JSON.stringify(doc.refund ?? doc.refunds![0]);
    const bad = await t.http.inject({ method: 'POST', url: `/api/v1/channels/webhooks/shopify/${conn.id}`, headers: { 'content-type': 'application/json', 'x-shopify-topic': 'refunds/create', 'x-shopify-hmac-sha256': 'bm9wZQ==' }, payload: raw });
    expect(bad.statusCode).toBe(401);
    const first = await shopifyTopic('refunds/create', raw);
    expect(JSON.parse(first.body)).toMatchObject({ received: true, outcome: 'recorded', orderId });
    expect(JSON.parse((await shopifyTopic('refunds/create', raw)).body)).toMatchObject({ outcome: 'duplicate', orderId });
    // Shopify also sends refunds/create for the refund Ordo pushed: it is already recorded.
    const echo = JSON.stringify({ ...(JSON.parse(raw) as object), id: Number(pushedId) });
    expect(JSON.parse((await shopifyTopic('refunds/create', echo)).body)).toMatchObject({ outcome: 'duplicate' });
    const refunds = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/refunds`))).items;
    expect(refunds).toHaveLength(3);
    expect(refunds.find((r: { direction: string }) => r.direction === 'inbound')).toMatchObject({ orderId, externalRefundId: '929361472', amount: { amount: 4194, currency: 'USD' }, lines: [{ externalLineId: '518995019', quantity: 1 }] });
  });
});
