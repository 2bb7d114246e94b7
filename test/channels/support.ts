import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { payloadText } from '../support/payloads.js';

export const shopifySecret = 'shpss_test_webhook_secret_0123456789';
export const shopifyToken = 'shpat_test_access_token_abcdef012345';

/** A Shopify REST order from the vendored payloads: `orders[0]` or `order`, as the webhook body (unwrapped). */
export function shopifyOrderBody(file: string): string {
  const doc = JSON.parse(payloadText(`shopify/${file}`)) as { order?: unknown; orders?: unknown[] };
  return JSON.stringify(doc.order ?? doc.orders![0]);
}

export async function makeConnection(t: TestApp, body: Record<string, unknown>) {
  const res = await t.api('POST', '/api/v1/channels/connections', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; webhookPath: string };
}

/** Delivers a webhook as Shopify does: raw JSON body, base64 HMAC-SHA256 of it, topic header. */
export async function shopifyWebhook(t: TestApp, connectionId: string, topic: string, raw: string, secret = shopifySecret) {
  const res = await t.http.inject({
    method: 'POST',
    url: `/api/v1/channels/webhooks/shopify/${connectionId}`,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(raw).digest('base64'),
      'x-shopify-webhook-id': `wh-${Math.random()}`,
    },
    payload: raw,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as { outcome: string; orderId: string | null; reason: string | null } };
}

/** A Berlin warehouse (MUG-1, PEN-1, BOOK-1), boxes, the UPS-via-EasyPost carrier and a US customs profile. */
export async function shippingToUsWorld(t: TestApp) {
  const { boxCatalog, ok, warehouse } = await import('../fulfillment/support.js');
  await warehouse(t, 'BER', 20);
  await boxCatalog(t);
  await ok(t.api('POST', '/api/v1/carriers', { code: 'ep-ups', name: 'UPS via EasyPost', adapter: 'easypost' }), 201);
  // Products must carry an HS code and origin to be declared for customs outside the EU.
  for (const sku of ['PEN-1', 'MUG-1', 'BOOK-1']) await ok(t.api('PATCH', `/api/v1/products/${sku}`, { hsCode: '960830', originCountry: 'DE' }));
  await ok(t.api('PUT', '/api/v1/customs/destinations/US', { currency: 'USD', defaultDutyBp: 0, vatBp: 0, cn22MaxValue: 30000, restrictions: [] }));
}

/** Picks, packs, records a UPS label with the tracking number and hands off the order's fulfillment order. */
export async function shipOrder(t: TestApp, orderId: string, trackingNumber: string) {
  const { fo: getFo, fulfillmentsOf, ok } = await import('../fulfillment/support.js');
  await t.drain();
  const [fo] = await fulfillmentsOf(t, orderId);
  expect(fo, 'released to the warehouse').toBeDefined();
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/start-picking`, undefined, { as: 'warehouse' }));
  for (const l of (await getFo(t, fo!.id)).lines as Array<{ sku: string; quantity: number }>) await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/scan`, { code: l.sku, quantity: l.quantity }, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/pack`, {}, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/shipments`, { carrier: 'ep-ups', service: 'ground', trackingNumber }, { as: 'warehouse' }), 201);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/hand-off`, undefined, { as: 'warehouse' }));
}

/** Delivers a WooCommerce webhook: raw body, X-WC-Webhook-Signature = base64 HMAC-SHA256, topic headers. */
export async function wooWebhook(t: TestApp, connectionId: string, topic: string, raw: string, secret: string) {
  const [resource, event] = topic.split('.');
  const res = await t.http.inject({
    method: 'POST',
    url: `/api/v1/channels/webhooks/woocommerce/${connectionId}`,
    headers: {
      'content-type': 'application/json',
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': resource!,
      'x-wc-webhook-event': event!,
      'x-wc-webhook-id': '142',
      'x-wc-webhook-delivery-id': String(Math.floor(Math.random() * 1e6)),
      'x-wc-webhook-signature': createHmac('sha256', secret).update(raw).digest('base64'),
    },
    payload: raw,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as { outcome: string; orderId: string | null; reason: string | null } };
}
