import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { ok } from '../fulfillment/support.js';
import { payloadText } from '../support/payloads.js';
import { startFakeAmazon } from './fake-amazon.js';
import { makeConnection, shipOrder, shippingToUsWorld } from './support.js';
import { deliveredByCarrier, drainThroughInjectedFailure, failNextRefundRecording, refundRows, settleReturn } from './refund-support.js';

// The getOrders response example (order 902-3159896-1390916 with buyer email and address) and the
// getOrderItems sandbox case (item 05015851154158, NABetaASINB00551Q3CS, 1 × USD 10.00).
const page1 = JSON.parse(payloadText('amazon-sp-api/v0_getOrders_response_example.json')).payload;
const items = JSON.parse(payloadText('amazon-sp-api/v0_getOrderItems_sandbox_static_1.json')).response.payload.OrderItems;
const creds = { lwaClientId: 'amzn1.application-oa2-client.0123456789', lwaClientSecret: 'amzn1.oa2-cs.v1.secret0123456789', refreshToken: 'Atzr|IwEBI-refresh-0123456789' };
const easypostSecret = 'whsec_amazon_refund_test';

let t: TestApp;
let amazon: Awaited<ReturnType<typeof startFakeAmazon>>;
let conn: { id: string };
let orderId: string;

beforeAll(async () => {
  t = await testApp({ app: { shippingWebhooks: { easypostSecret } } });
  await shippingToUsWorld(t);
  amazon = await startFakeAmazon({ clientId: creds.lwaClientId, clientSecret: creds.lwaClientSecret, refreshToken: creds.refreshToken, pages: [{ Orders: page1.Orders }], items: () => items });
  conn = await makeConnection(t, {
    name: 'amazon-us',
    type: 'amazon',
    credentials: creds,
    settings: { apiBase: amazon.url, lwaUrl: `${amazon.url}/auth/o2/token`, marketplaceIds: 'ATVPDKIKX0DER', sellerId: 'A2EUQ1WTGCTBG2', pollFrom: '2017-01-01T00:00:00Z' },
  });
  await ok(t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, { items: [{ externalSku: 'NABetaASINB00551Q3CS', sku: 'PEN-1' }] }));
  await ok(t.api('POST', `/api/v1/channels/connections/${conn.id}/poll`));
  orderId = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/orders?state=placed`))).items[0].orderId;
  await shipOrder(t, orderId, '1Z999AA10123456787');
  await deliveredByCarrier(t, '1Z999AA10123456787', easypostSecret, 'evt_amazon_refund_1');
});
afterAll(async () => {
  await t.close();
  await amazon.close();
});

describe('refund push to Amazon (Feeds API: OrderAdjustment feed; fake on loopback)', () => {
  it('submits exactly one adjustment feed (createFeedDocument → upload → createFeed), also when recording it fails after Amazon accepted it', async () => {
    await failNextRefundRecording(t);
    const { returnId, owed } = await settleReturn(t, orderId, 'PEN-1');
    const tokensBefore = amazon.calls.filter((c) => c.path === '/auth/o2/token').length;
    await drainThroughInjectedFailure(t, () => {
      expect(amazon.adjustments).toHaveLength(1); // Amazon took the feed; Ordo's record was rolled back
    });
    expect(amazon.feeds).toHaveLength(1);
    expect(amazon.adjustments).toEqual([
      {
        feedId: amazon.feeds[0]!.feedId,
        messageType: 'OrderAdjustment',
        amazonOrderId: '902-3159896-1390916',
        actionType: 'Refund',
        items: [{ orderItemCode: '05015851154158', merchantAdjustmentItemId: `${returnId.replace(/-/g, '')}-1`, reason: 'CustomerReturn', type: 'Principal', amount: (owed / 100).toFixed(2), currency: 'USD', quantity: 1 }],
      },
    ]);
    expect(amazon.feeds[0]).toMatchObject({ feedType: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: ['ATVPDKIKX0DER'] });
    // The document was uploaded to the presigned URL with the declared type and no SP-API token.
    const doc = amazon.docs.get(amazon.feeds[0]!.inputFeedDocumentId)!;
    expect(doc.contentType).toBe('text/xml; charset=UTF-8');
    expect(doc.content).toContain('<MerchantIdentifier>A2EUQ1WTGCTBG2</MerchantIdentifier>');
    // The retry asked Amazon for adjustment feeds created since the submission and found this one.
    const lookups = amazon.calls.filter((c) => c.method === 'GET' && c.path === '/feeds/2021-06-30/feeds');
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.query).toMatchObject({ feedTypes: 'POST_PAYMENT_ADJUSTMENT_DATA', marketplaceIds: 'ATVPDKIKX0DER' });
    // The LWA access token of the poll is reused (no new token for the refund calls).
    expect(amazon.calls.filter((c) => c.path === '/auth/o2/token').length).toBe(tokensBefore);
    const rows = await refundRows(t, conn.id);
    expect(rows).toEqual([expect.objectContaining({ state: 'synced', return_id: returnId, external_refund_id: amazon.feeds[0]!.feedId })]);
    const log = (await ok(t.api('GET', `/api/v1/channels/connections/${conn.id}/sync-log`))).items;
    expect(log[0]).toMatchObject({ direction: 'outbound', topic: 'refunds/create', externalId: '902-3159896-1390916', outcome: 'already' });
  });
});
