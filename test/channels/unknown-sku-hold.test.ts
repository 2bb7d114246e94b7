import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { queryRows } from '../../src/platform/db/query.js';
import { makeConnection, shopifyOrderBody, shopifySecret, shopifyToken, shopifyWebhook } from './support.js';

let t: TestApp;
let conn: { id: string };
const count = async (table: string) => Number((await queryRows<{ n: string }>(t.database.db, sql.raw(`select count(*)::text as n from ${table}`)))[0]!.n);

beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'LOU', address: { line1: '1 Main St', city: 'Louisville', postalCode: '40202', country: 'US' }, latitude: 38.25, longitude: -85.76 });
  await makeProduct(t, { sku: 'IPOD2008BLACK', name: 'iPod black', price: { amount: 19900, currency: 'USD' } });
  await receiveStock(t, 'IPOD2008BLACK', 'LOU', 5);
  conn = await makeConnection(t, { name: 'shopify-us', type: 'shopify', credentials: { accessToken: shopifyToken, webhookSecret: shopifySecret }, settings: { shopDomain: 'jsmith.myshopify.com' } });
});
afterAll(() => t.close());

describe('a channel order with an unknown SKU', () => {
  it('places an order with an unknown SKU as an Ordo order on a data hold with the reason, released when the SKU is mapped', async () => {
    const held = await shopifyWebhook(t, conn.id, 'orders/create', shopifyOrderBody('rest-2026-07_order_test_23.json'));
    expect(held.body).toMatchObject({ outcome: 'held', orderId: expect.any(String) });
    expect(held.body.reason).toContain('unknown SKU IPOD2009BLACK');
    const list = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/orders?state=held`)).body.items;
    expect(list).toEqual([expect.objectContaining({ externalId: '1073459981', state: 'held', orderId: held.body.orderId, holdType: 'data', holdReason: expect.stringContaining('IPOD2009BLACK') })]);
    const errors = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/errors`)).body.items;
    expect(errors[0]).toMatchObject({ outcome: 'held', externalId: '1073459981', message: expect.stringContaining('IPOD2009BLACK') });
    // In the orders list (on hold), with the reason on the order, and nothing sourced while held.
    const onHold = (await t.api('GET', '/api/v1/orders?onHold=true')).body.items;
    expect(onHold.map((o: { id: string }) => o.id)).toContain(held.body.orderId);
    await t.drain();
    const waiting = (await t.api('GET', `/api/v1/orders/${held.body.orderId}`)).body;
    expect(waiting.holds).toEqual([expect.objectContaining({ type: 'data', reason: expect.stringContaining('IPOD2009BLACK'), releasedAt: null })]);
    expect(waiting.lines[0]).toMatchObject({ sku: 'IPOD2009BLACK', quantities: { pending: 1, allocated: 0 } });
    expect(waiting.totals).toMatchObject({ discount: { amount: 1791 }, total: { amount: 18109 } });

    // Adding the mapping retries it: the line takes the mapped SKU, the hold is released, sourcing runs.
    const map = await t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, { items: [{ externalSku: 'IPOD2009BLACK', sku: 'IPOD2008BLACK' }] });
    expect(map.status).toBe(200);
    expect(map.body.retried).toEqual([{ externalId: '1073459981', outcome: 'placed', orderId: held.body.orderId, reason: null }]);
    await t.drain();
    const order = (await t.api('GET', `/api/v1/orders/${held.body.orderId}`)).body;
    expect(order.lines[0]).toMatchObject({ sku: 'IPOD2008BLACK', quantity: 1 });
    expect(order.lines[0].quantities).toMatchObject({ pending: 0, allocated: 1 });
    expect(order.holds[0]).toMatchObject({ type: 'data', releasedAt: expect.any(String) });
    expect((await t.api('GET', `/api/v1/channels/connections/${conn.id}/orders?state=held`)).body.items).toEqual([]);
    expect((await t.api('POST', `/api/v1/channels/connections/${conn.id}/orders/1073459981/retry`)).status).toBe(409);
    expect(await count("orders where external_id = '1073459981'")).toBe(1);
  });
});
