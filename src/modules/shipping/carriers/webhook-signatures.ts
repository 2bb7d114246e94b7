import { createHmac, timingSafeEqual } from 'node:crypto';

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * EasyPost signs webhook bodies with the webhook secret: `X-Hmac-Signature: hmac-sha256-hex=<hex>`,
 * an HMAC-SHA256 of the raw body under the NFKD-normalised secret.
 */
export function easypostSignature(rawBody: Buffer | string, secret: string): string {
  return `hmac-sha256-hex=${createHmac('sha256', secret.normalize('NFKD')).update(rawBody).digest('hex')}`;
}

export function verifyEasypost(rawBody: Buffer | string, header: string | undefined, secret: string): boolean {
  return typeof header === 'string' && same(header, easypostSignature(rawBody, secret));
}

/**
 * Shippo authenticates webhooks with a self-generated token in the webhook URL (`?token=…`, set when
 * the webhook is registered); Ordo compares it in constant time.
 */
export function verifyShippoToken(given: string | undefined, expected: string): boolean {
  return typeof given === 'string' && given.length > 0 && same(given, expected);
}
