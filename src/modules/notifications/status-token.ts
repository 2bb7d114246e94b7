import type { Db } from '../../platform/db/client.js';
import { linkToken, verifyLinkToken } from './links.js';
import { loadNotificationSettings } from './settings.js';

/** The order a signed status link names (from an e-mail or a lookup), or null for a bad token. */
export async function orderOfStatusToken(db: Db, now: Date, token: string): Promise<string | null> {
  return verifyLinkToken((await loadNotificationSettings(db, now)).linkSecret, 'status', token);
}

/** The signed status token of an order (what its e-mails link to). */
export async function statusTokenOf(db: Db, now: Date, orderId: string): Promise<string> {
  return linkToken((await loadNotificationSettings(db, now)).linkSecret, 'status', orderId);
}
