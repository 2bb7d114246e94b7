import { createHmac, randomBytes } from 'node:crypto';

/** A new Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The `webhook-signature` value (Standard Webhooks v1): `v1,<base64 HMAC-SHA256>` of
 * `<webhook-id>.<webhook-timestamp>.<body>` under the base64-decoded secret, one per secret,
 * space-separated (during a rotation the new and the previous secret both sign).
 */
export function signatureHeader(secrets: readonly string[], msg: { id: string; timestamp: number; body: string }): string {
  return secrets
    .map((s) => {
      const key = Buffer.from(s.replace(/^whsec_/, ''), 'base64');
      return `v1,${createHmac('sha256', key).update(`${msg.id}.${msg.timestamp}.${msg.body}`).digest('base64')}`;
    })
    .join(' ');
}
