import { createHmac, timingSafeEqual } from 'node:crypto';

/** base64(HMAC-SHA256(secret, raw body)): Shopify's X-Shopify-Hmac-Sha256 and WooCommerce's X-WC-Webhook-Signature. */
export const hmacBase64 = (secret: string, raw: Buffer | string): string => createHmac('sha256', secret).update(raw).digest('base64');

/** Constant-time comparison of a received signature header with the expected one. */
export function sameSignature(received: string | string[] | undefined, expected: string): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
