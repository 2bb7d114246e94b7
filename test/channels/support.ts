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
