import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { customerContactPreferences } from '../../platform/db/schema/index.js';
import { smsConsentKeyword } from '../../domain/notifications/sms-keywords.js';
import { isE164 } from '../../domain/notifications/locale.js';
import { recordConsent } from './consent-log.js';

/**
 * Twilio's request signature (X-Twilio-Signature): base64 HMAC-SHA1, keyed with the auth token, of the
 * full URL Twilio called followed by every POST parameter as name + value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const pairs = [...params.entries()].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return createHmac('sha1', authToken).update(url + pairs.map(([k, v]) => k + v).join('')).digest('base64');
}

export function verifyTwilioSignature(authToken: string, url: string, params: URLSearchParams, signature: string): boolean {
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface InboundSms {
  messageSid: string;
  from: string;
  body: string;
}

export type InboundOutcome = 'opted_out' | 'opted_in' | 'ignored' | 'duplicate';

/**
 * An SMS a customer sent to the shop's number. A bare STOP (STOPP, UNSUBSCRIBE, CANCEL, END, QUIT …)
 * revokes the SMS consent of every customer with that number; START / UNSTOP gives it back. Each
 * keyword message is written to the consent log once (by its MessageSid, so a redelivery changes
 * nothing), with the customers it changed — or only the number when no customer has it.
 */
export async function receiveInboundSms(deps: { db: Db; clock: { now(): Date }; newId: () => string }, sms: InboundSms): Promise<InboundOutcome> {
  const keyword = smsConsentKeyword(sms.body);
  if (!keyword || !isE164(sms.from)) return 'ignored';
  const granted = keyword === 'opt_in';
  const at = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const holders = await tx.select({ customerId: customerContactPreferences.customerId }).from(customerContactPreferences).where(eq(customerContactPreferences.phoneE164, sms.from)).for('update');
    const detail = sms.body.trim().toUpperCase().slice(0, 20);
    const base = { address: sms.from, consent: 'sms' as const, granted, source: 'inbound_sms' as const, detail };
    // The first entry carries the MessageSid (a redelivered webhook conflicts on it and changes nothing).
    const entries = holders.length ? holders.map((h, i) => ({ ...base, customerId: h.customerId, providerMessageId: i === 0 ? sms.messageSid : null })) : [{ ...base, customerId: null, providerMessageId: sms.messageSid }];
    if (!(await recordConsent(tx, { newId: deps.newId, at }, entries.slice(0, 1)))) return 'duplicate';
    await recordConsent(tx, { newId: deps.newId, at }, entries.slice(1));
    await tx.update(customerContactPreferences).set({ smsOptIn: granted, updatedAt: at }).where(eq(customerContactPreferences.phoneE164, sms.from));
    return granted ? 'opted_in' : 'opted_out';
  });
}
