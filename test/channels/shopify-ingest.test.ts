import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct } from '../support/factories.js';
import { queryRows } from '../../src/platform/db/query.js';
import { createLogger } from '../../src/platform/logger.js';
import { makeConnection, shopifyOrderBody, shopifySecret, shopifyToken, shopifyWebhook } from './support.js';

let t: TestApp;
let conn: { id: string };
const count = async (table: string) => Number((await queryRows<{ n: string }>(t.database.db, sql.raw(`select count(*)::text as n from ${table}`)))[0]!.n);

beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'LOU', address: { line1: '1 Main St', city: 'Louisville', postalCode: '40202', country: 'US' }, latitude: 38.25, longitude: -85.76 });
  for (const sku of ['IPOD2008GREEN', 'IPOD2008RED', 'IPOD2008BLACK']) await makeProduct(t, { sku, name: `iPod ${sku}`, price: { amount: 19900, currency: 'USD' } });
  conn = await makeConnection(t, { name: 'shopify-us', type: 'shopify', credentials: { accessToken: shopifyToken, webhookSecret: shopifySecret }, settings: { shopDomain: 'jsmith.myshopify.com' } });
});
afterAll(() => t.close());

describe('Shopify order webhooks (real Admin REST order payloads)', () => {
  it('refuses a bad signature with 401 and writes nothing', async () => {
    const res = await shopifyWebhook(t, conn.id, 'orders/create', shopifyOrderBody('rest-2026-07_order_test_1.json'), 'not-the-secret');
    expect(res.status).toBe(401);
    expect(await count('channel_orders')).toBe(0);
    expect(await count('channel_sync_log')).toBe(0);
    expect(await count('orders')).toBe(0);
  });

  it('places orders/create as an Ordo order with exact money, and the same delivery twice is one order', async () => {
    const raw = shopifyOrderBody('rest-2026-07_order_test_1.json');
    const first = await shopifyWebhook(t, conn.id, 'orders/create', raw);
    expect(first).toMatchObject({ status: 200, body: { outcome: 'placed' } });
    const again = await shopifyWebhook(t, conn.id, 'orders/create', raw);
    expect(again.body).toMatchObject({ outcome: 'duplicate', orderId: first.body.orderId });
    const order = (await t.api('GET', `/api/v1/orders/${first.body.orderId}`)).body;
    expect(order).toMatchObject({ channel: 'shopify-us', externalId: '450789469', currency: 'USD', customer: { email: 'bob.norman@mail.example.com', name: 'Bob Norman' } });
    expect(order.shippingAddress).toMatchObject({ line1: 'Chestnut Street 92', city: 'Louisville', postalCode: '40202', country: 'US', region: 'KY' });
    expect(order.lines.map((l: { sku: string; quantity: number; unitPrice: { amount: number } }) => [l.sku, l.quantity, l.unitPrice.amount])).toEqual([
      ['IPOD2008GREEN', 1, 19900],
      ['IPOD2008RED', 1, 19900],
      ['IPOD2008BLACK', 1, 19900],
    ]);
    expect(order.totals).toMatchObject({ subtotal: { amount: 59700 }, discount: { amount: 1000 }, tax: { amount: 1194 }, shipping: { amount: 0 }, total: { amount: 59894 } });
    expect(await count("orders where channel = 'shopify-us'")).toBe(1);
  });

  it('ignores a version older than the one applied, and cancels on a newer cancelled version', async () => {
    expect((await shopifyWebhook(t, conn.id, 'orders/updated', shopifyOrderBody('rest-2026-07_order_test_5.json'))).body.outcome).toBe('updated'); // 2025-04-02T11:30:47
    expect((await shopifyWebhook(t, conn.id, 'orders/updated', shopifyOrderBody('rest-2026-07_order_test_1.json'))).body.outcome).toBe('stale'); // 2008
    const cancelled = await shopifyWebhook(t, conn.id, 'orders/cancelled', shopifyOrderBody('rest-2026-07_order_test_13.json')); // 11:31:25
    expect(cancelled.body.outcome).toBe('cancelled');
    expect((await t.api('GET', `/api/v1/orders/${cancelled.body.orderId}`)).body.status).toBe('cancelled');
    // A later version (11:31:27) without cancelled_at is recorded; the cancellation stands.
    expect((await shopifyWebhook(t, conn.id, 'orders/updated', shopifyOrderBody('rest-2026-07_order_test_33.json'))).body.outcome).toBe('updated');
    expect((await t.api('GET', `/api/v1/orders/${cancelled.body.orderId}`)).body.status).toBe('cancelled');
    const log = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/sync-log?limit=10`)).body.items.map((e: { outcome: string }) => e.outcome);
    expect(log).toEqual(['updated', 'cancelled', 'stale', 'updated', 'duplicate', 'placed']);
  });
});

describe('channel credentials', () => {
  it('are AES-256-GCM ciphertext in the database and never returned', async () => {
    const [row] = await queryRows<{ credentials_ciphertext: string }>(t.database.db, sql`select credentials_ciphertext from channel_connections where id = ${conn.id}`);
    expect(row!.credentials_ciphertext).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(row!.credentials_ciphertext).not.toContain(shopifySecret);
    expect(row!.credentials_ciphertext).not.toContain(Buffer.from(shopifySecret).toString('base64'));
    const res = await t.api('GET', `/api/v1/channels/connections/${conn.id}`);
    expect(res.body.credentialNames).toEqual(['accessToken', 'webhookSecret']);
    expect(JSON.stringify(res.body)).not.toContain(shopifyToken);
    const audit = await queryRows<{ after: unknown }>(t.database.db, sql`select after from audit_log where entity_type = 'channel_connection'`);
    expect(JSON.stringify(audit)).not.toContain(shopifySecret);
  });

  it('under another secret key: a webhook is refused with 503 (not a 500) until the credentials are entered again', async () => {
    const other = await testApp({ database: t.database, app: { channelSecretKey: Buffer.alloc(32, 9) } });
    try {
      const res = await shopifyWebhook(other, conn.id, 'orders/create', shopifyOrderBody('rest-2026-07_order_test_1.json'));
      expect(res.status).toBe(503);
      expect((await other.api('PATCH', `/api/v1/channels/connections/${conn.id}`, { credentials: { accessToken: shopifyToken, webhookSecret: shopifySecret } })).status).toBe(200);
      expect((await shopifyWebhook(other, conn.id, 'orders/create', shopifyOrderBody('rest-2026-07_order_test_1.json'))).body.outcome).toBe('stale');
    } finally {
      await other.close();
    }
  });

  it('are redacted from log lines', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', pretty: false, destination: { write: (l: string) => void lines.push(l) } });
    log.info({ body: { name: 'x', credentials: { accessToken: shopifyToken } }, conn: { webhookSecret: shopifySecret } }, 'connection');
    expect(lines.join('')).not.toContain(shopifyToken);
    expect(lines.join('')).not.toContain(shopifySecret);
  });

  it('names every missing credential (400) and refuses other roles', async () => {
    const res = await t.api('POST', '/api/v1/channels/connections', { name: 'woo', type: 'woocommerce', credentials: { consumerKey: 'ck_x' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['credentials.consumerSecret', 'credentials.webhookSecret']);
    expect((await t.api('POST', '/api/v1/channels/connections', { name: 'x', type: 'pos' }, { as: 'warehouse' })).status).toBe(403);
  });
});
