import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed links in customer messages: `<id>.<signature>`, HMAC-SHA256 over the purpose and the id with
 * the shop's link secret. A status token opens one order's status page and assistant; an unsubscribe
 * token one customer's opt-out. Tokens do not expire (a customer finds an old e-mail); rotating the
 * secret revokes them all.
 */
export type LinkPurpose = 'status' | 'unsubscribe';

const sign = (secret: string, purpose: LinkPurpose, id: string) => createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url').slice(0, 32);

export const linkToken = (secret: string, purpose: LinkPurpose, id: string) => `${id}.${sign(secret, purpose, id)}`;

/** The id a token was made for, or null when it is malformed or its signature is wrong. */
export function verifyLinkToken(secret: string, purpose: LinkPurpose, token: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(sign(secret, purpose, id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

export interface MessageLinks {
  statusUrl: string;
  unsubscribeUrl: string;
}

export function messageLinks(publicUrl: string, secret: string, ids: { orderId: string; customerId: string }): MessageLinks {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    statusUrl: `${base}/track/${encodeURIComponent(linkToken(secret, 'status', ids.orderId))}`,
    unsubscribeUrl: `${base}/api/v1/public/unsubscribe/${encodeURIComponent(linkToken(secret, 'unsubscribe', ids.customerId))}`,
  };
}
