import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { receiveStock } from '../support/factories.js';
import { boxCatalog, fulfillmentsOf, ok, warehouse } from '../fulfillment/support.js';
import { pushChannelAvailability, queueAvailability } from '../../src/modules/channels/index.js';
import { startFakeShopify, type FakeShopify } from './fake-shopify.js';
import { makeConnection, shopifyOrderBody, shopifySecret, shopifyToken, shopifyWebhook } from './support.js';

let t: TestApp;
let shop: FakeShopify;
let conn: { id: string };
const locationId = 'gid://shopify/Location/655441491';
const debounceMs = 400;

beforeAll(async () => {
  t = await testApp();
  shop = await startFakeShopify({ accessToken: shopifyToken });
  await warehouse(t, 'BER', 20);
  await boxCatalog(t);
  await ok(t.api('POST', '/api/v1/carriers', { code: 'ep-ups', name: 'UPS via EasyPost', adapter: 'easypost' }), 201);
  // Products must carry an HS code and origin to be declared for customs outside the EU.
  for (const sku of ['PEN-1', 'MUG-1', 'BOOK-1']) await ok(t.api('PATCH', `/api/v1/products/${sku}`, { hsCode: '960830', originCountry: 'DE' }));
  await ok(t.api('PUT', '/api/v1/customs/destinations/US', { currency: 'USD', defaultDutyBp: 0, vatBp: 0, cn22MaxValue: 30000, restrictions: [] }));
  conn = await makeConnection(t, {
    name: 'shopify-eu',
    type: 'shopify',
    credentials: { accessToken: shopifyToken, webhookSecret: shopifySecret },
    settings: { shopDomain: 'jsmith.myshopify.com', apiBase: shop.url, apiVersion: '2026-07', locationId, availabilityDebounceMs: debounceMs },
  });
  await ok(
    t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, {
      items: [
        { externalSku: 'IPOD2008GREEN', sku: 'PEN-1', externalInventoryId: 'gid://shopify/InventoryItem/39072856' },
        { externalSku: 'IPOD2008RED', sku: 'MUG-1', externalInventoryId: 'gid://shopify/InventoryItem/49148385' },
        { externalSku: 'IPOD2008BLACK', sku: 'BOOK-1', externalInventoryId: 'gid://shopify/InventoryItem/457924702' },
        { externalSku: 'IPOD2009BLACK', sku: 'PEN-1' },
      ],
    }),
  );
});
afterAll(async () => {
  await t.close();
  await shop.close();
});

const placeFromShopify = async (file: string) => {
  const raw = shopifyOrderBody(file);
  shop.seedOrder(JSON.parse(raw));
  const r = await shopifyWebhook(t, conn.id, 'orders/create', raw);
  expect(r.body, JSON.stringify(r.body)).toMatchObject({ outcome: 'placed' });
  return r.body.orderId!;
};

describe('outbound to Shopify (GraphQL Admin API fake on loopback)', () => {
  it('pushes a shipment as a fulfillment with its tracking number, once', async () => {
    const orderId = await placeFromShopify('rest-2026-07_order_test_1.json');
    await t.drain();
    const [fo] = await fulfillmentsOf(t, orderId);
    expect(fo, 'released to the warehouse').toBeDefined();
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/start-picking`, undefined, { as: 'warehouse' }));
    for (const sku of ['PEN-1', 'MUG-1', 'BOOK-1']) await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/scan`, { code: sku, quantity: 1 }, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/pack`, {}, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/shipments`, { carrier: 'ep-ups', service: 'ground', trackingNumber: '1Z999AA10123456784' }, { as: 'warehouse' }), 201);
    shop.failNext(1); // the first attempt meets a 503: the event is retried, not lost
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/hand-off`, undefined, { as: 'warehouse' }));
    await t.drain().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1100));
    await t.drain().catch(() => undefined);
    const creates = shop.calls.filter((c) => c.operation === 'fulfillmentCreate');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.version).toBe('2026-07');
    const f = creates[0]!.variables.fulfillment;
    expect(f.trackingInfo).toEqual({ company: 'UPS', numbers: ['1Z999AA10123456784'] });
    expect(f.notifyCustomer).toBe(true);
    expect(f.lineItemsByFulfillmentOrder).toHaveLength(1);
    expect(f.lineItemsByFulfillmentOrder[0].fulfillmentOrderLineItems.map((i: { quantity: number }) => i.quantity)).toEqual([1, 1, 1]);
    expect(shop.fulfillmentOrders('450789469').map((x) => x.status)).toEqual(['CLOSED']);
    const log = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/sync-log`)).body.items;
    expect(log[0]).toMatchObject({ direction: 'outbound', topic: 'fulfillments/create', externalId: '450789469', outcome: 'pushed', message: expect.stringContaining('1Z999AA10123456784') });
    expect(JSON.stringify(log)).not.toContain(shopifyToken);
  });

  it('syncs a cancellation made in Ordo to Shopify, but not one that came from Shopify', async () => {
    const orderId = await placeFromShopify('rest-2026-07_order_test_17.json');
    await ok(t.api('POST', `/api/v1/orders/${orderId}/cancel`, { reason: 'customer called' }));
    await t.drain();
    expect([...shop.cancelled]).toEqual(['1073459980']);
    const cancel = shop.calls.find((c) => c.operation === 'orderCancel')!;
    expect(cancel.variables).toMatchObject({ orderId: 'gid://shopify/Order/1073459980', reason: 'OTHER', refund: false, restock: true });
    const orders = (await t.api('GET', `/api/v1/channels/connections/${conn.id}/orders?state=cancelled`)).body.items;
    expect(orders.map((o: { externalId: string }) => o.externalId)).toContain('1073459980');

    // Cancelled on Shopify (the real order, with cancelled_at and a later updated_at): not echoed back.
    const other = await placeFromShopify('rest-2026-07_order_test_23.json');
    const cancelledThere = { ...JSON.parse(shopifyOrderBody('rest-2026-07_order_test_23.json')), cancelled_at: '2025-04-02T12:00:00-05:00', updated_at: '2025-04-02T12:00:00-05:00', cancel_reason: 'customer' };
    expect((await shopifyWebhook(t, conn.id, 'orders/cancelled', JSON.stringify(cancelledThere))).body.outcome).toBe('cancelled');
    await t.drain();
    expect((await t.api('GET', `/api/v1/orders/${other}`)).body.status).toBe('cancelled');
    expect([...shop.cancelled]).toEqual(['1073459980']);

  });

  it('pushes a stock change within the debounce, as one batched update with the latest quantity', async () => {
    await new Promise((r) => setTimeout(r, debounceMs));
    await pushChannelAvailability(t.deps); // what earlier tests queued
    shop.calls.length = 0;
    const start = Date.now();
    await receiveStock(t, 'PEN-1', 'BER', 5);
    await receiveStock(t, 'PEN-1', 'BER', 2); // same window: joins the same push
    await t.drain();
    expect(await pushChannelAvailability(t.deps)).toEqual({ items: 0, calls: 0 }); // not due yet
    // What the server's 1 s job does, at a finer step: the push goes out once the debounce has passed.
    let pushed = { items: 0, calls: 0 };
    while (pushed.items === 0 && Date.now() - start < 5000) {
      await new Promise((r) => setTimeout(r, 50));
      pushed = await pushChannelAvailability(t.deps);
    }
    expect(pushed).toEqual({ items: 1, calls: 1 });
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(debounceMs);
    expect(elapsed).toBeLessThan(debounceMs + 1000);
    const level = (await t.api('GET', '/api/v1/inventory?sku=PEN-1')).body.items[0];
    expect(shop.available.get('gid://shopify/InventoryItem/39072856')).toBe(level.available);
    const call = shop.calls.find((c) => c.operation === 'inventorySetQuantities')!;
    expect(call.variables.input).toMatchObject({ name: 'available', reason: 'correction', quantities: [{ inventoryItemId: 'gid://shopify/InventoryItem/39072856', locationId, quantity: level.available }] });
  });

  it('sends 1,000 changed SKUs in batches of at most 250', async () => {
    shop.calls.length = 0;
    const items = Array.from({ length: 1000 }, (_, i) => ({ externalSku: `EXT-${i}`, sku: `BULK-${i}`, externalInventoryId: `gid://shopify/InventoryItem/${900000 + i}` }));
    await ok(t.api('PUT', `/api/v1/channels/connections/${conn.id}/sku-mappings`, { items }));
    await t.deps.db.transaction((tx) => queueAvailability(tx, t.deps, items.map((i) => i.sku)));
    await new Promise((r) => setTimeout(r, debounceMs + 50));
    expect(await pushChannelAvailability(t.deps)).toEqual({ items: 1000, calls: 4 });
    const sizes = shop.calls.filter((c) => c.operation === 'inventorySetQuantities').map((c) => c.variables.input.quantities.length);
    expect(sizes).toEqual([250, 250, 250, 250]);
    expect(shop.available.get('gid://shopify/InventoryItem/900999')).toBe(0);
    expect(await pushChannelAvailability(t.deps)).toEqual({ items: 0, calls: 0 });
  });
});
