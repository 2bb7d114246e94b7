import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { ok } from '../fulfillment/support.js';
import { payloadText } from '../support/payloads.js';
import { startFakeAmazon } from './fake-amazon.js';
import { makeConnection, shipOrder, shippingToUsWorld } from './support.js';

// Real SP-API v0 examples: page 1 (with NextToken) is the getOrders response example (Pending order
// 902-3159896-1390916 with address and buyer info); page 2 is sandbox case 1 (Unshipped order
// 902-1845936-5435065 and 902-8745147-1934268, both without PII). Items: the getOrderItems sandbox case (USD 10.00 + 1.01 tax).
const page1 = JSON.parse(payloadText('amazon-sp-api/v0_getOrders_response_example.json')).payload;
const page2 = { Orders: JSON.parse(payloadText('amazon-sp-api/v0_getOrders_sandbox_static_1.json')).response.payload.Orders };
const items = JSON.parse(payloadText('amazon-sp-api/v0_getOrderItems_sandbox_static_1.json')).response.payload.OrderItems;
const creds = { lwaClientId: 'amzn1.application-oa2-client.0123456789', lwaClientSecret: 'amzn1.oa2-cs.v1.secret0123456789', refreshToken: 'Atzr|IwEBI-refresh-0123456789' };

let t: TestApp;
let amazon: Awaited<ReturnType<typeof startFakeAmazon>>;
let conn: { id: string };

beforeAll(async () => {
  t = await testApp();
  await shippingToUsWorld(t);
  amazon = await startFakeAmazon({ clientId: creds.lwaClientId, clientSecret: creds.lwaClientSecret, refreshToken: creds.refreshToken, pages: [page1, page2], items: () => items });
  conn = await makeConnection(t, { name: 'amazon-us', type: 'amazon', credentials: creds, settings: { apiBase: amazon.url, lwaUrl: `${amazon.url}/auth/o2/token`, marketplaceIds: 'ATVPDKIKX0DER', pollFrom: '2017-01-01T00:00:00Z' } });
  await ok(t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, { items: [{ externalSku: 'NABetaASINB00551Q3CS', sku: 'PEN-1' }] }));
});
afterAll(async () => {
  await t.close();
  await amazon.close();
});

describe('Amazon SP-API (getOrders polling with NextToken, LWA refresh, confirmShipment)', () => {
  it('polls every page, places orders with exact money, holds one without PII, and advances the cursor', async () => {
    const polled = await ok(t.api('POST', `/api/v1/channels/connections/${conn.id}/poll`));
    expect(polled).toEqual({ connections: 1, orders: 3, outcomes: { placed: 1, held: 2 } });
    const listCalls = amazon.calls.filter((c) => c.path === '/orders/v0/orders');
    expect(listCalls.map((c) => c.query)).toEqual([
      { MarketplaceIds: 'ATVPDKIKX0DER', LastUpdatedAfter: '2017-01-01T00:00:00Z' },
      { MarketplaceIds: 'ATVPDKIKX0DER', NextToken: '2YgYW55IGNhcm5hbCBwbGVhc3VyZS4' },
    ]);
    expect(amazon.calls.filter((c) => c.path === '/auth/o2/token')).toHaveLength(1); // one token for the whole poll
    const orders = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/orders`)).body.items;
    const placed = orders.find((o: any) => o.externalId === '902-3159896-1390916');
    const held = orders.find((o: any) => o.externalId === '902-1845936-5435065');
    expect(held).toMatchObject({ state: 'held', holdType: 'data', holdReason: 'no customer email; no shipping address' });
    const order = (await t.api('GET', `/api/v1/orders/${placed.orderId}`)).body;
    expect(order).toMatchObject({ channel: 'amazon-us', customer: { email: 'user@example.com', name: 'John Doe' }, shippingAddress: { line1: '1 Cross St.', city: 'Canton', region: 'MI', country: 'US' } });
    expect(order.totals).toMatchObject({ subtotal: { amount: 1000, currency: 'USD' }, tax: { amount: 101 }, total: { amount: 1101 } });
    // Polling again repeats the window from the cursor: nothing new is created.
    const again = await ok(t.api('POST', `/api/v1/channels/connections/${conn.id}/poll`));
    expect(again.outcomes).toEqual({ duplicate: 3 });
    expect(amazon.calls.filter((c) => c.path === '/orders/v0/orders').at(-2)!.query.LastUpdatedAfter).toBe('2017-01-20T19:49:35.000Z');
  });

  it('refreshes an expired LWA token once and confirms the shipment with order item ids and tracking', async () => {
    const placed = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/orders?state=placed`)).body.items[0];
    amazon.expireTokens();
    await shipOrder(t, placed.orderId, '1Z999AA10123456784');
    await t.drain();
    const confirm = amazon.calls.filter((c) => c.path === '/orders/v0/orders/902-3159896-1390916/shipmentConfirmation');
    expect(confirm).toHaveLength(2); // 403 Unauthorized with the expired token, then with a fresh one
    expect(confirm[0]!.token).not.toBe(confirm[1]!.token);
    expect(confirm[1]!.body).toMatchObject({
      marketplaceId: 'ATVPDKIKX0DER',
      packageDetail: { packageReferenceId: '1', carrierCode: 'UPS', trackingNumber: '1Z999AA10123456784', orderItems: [{ orderItemId: '05015851154158', quantity: 1 }] },
    });
    const log = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/sync-log`)).body.items;
    expect(log[0]).toMatchObject({ direction: 'outbound', topic: 'fulfillments/create', outcome: 'pushed' });
    expect(JSON.stringify(log)).not.toContain(creds.refreshToken);
  });
});
