import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { ok, placeOrder, warehouse } from '../fulfillment/support.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { newEvent } from '../../src/platform/events/define.js';
import { fulfillmentReadyForPickup } from '../../src/modules/fulfillment/index.js';
import { twilioSignature } from '../../src/modules/notifications/inbound-sms.js';
import { smsConsentKeyword } from '../../src/domain/notifications/sms-keywords.js';

const authToken = 'twilio-auth-token-0123456789';
const webhookUrl = 'https://shop.example.com/api/v1/sms/inbound/twilio';
const phone = '+491701234567';
let t: TestApp;
let customerId = '';
let orderId = '';
let orderNumber = '';
let sids = 0;

beforeAll(async () => {
  t = await testApp({ app: { publicUrl: 'https://shop.example.com', twilioAuthToken: authToken } });
  await warehouse(t, 'BER');
  const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'sam@example.com', name: 'Sam' } });
  orderId = o.id;
  orderNumber = o.number;
  customerId = (await ok(t.api('GET', `/api/v1/orders/${o.id}`))).customer.id;
  await ok(t.api('PUT', `/api/v1/customers/${customerId}/contact-preferences`, { locale: null, phone, smsOptIn: true, marketingConsent: false }));
});
afterAll(() => t.close());

/** Twilio's inbound message webhook exactly as Twilio sends it: form-encoded, signed over URL + sorted params. */
function inbound(body: string, opts: { sid?: string; from?: string; signature?: string } = {}) {
  const form = new URLSearchParams({
    ToCountry: 'DE', ToState: '', SmsMessageSid: opts.sid ?? '', NumMedia: '0', ToCity: '', FromZip: '', SmsSid: opts.sid ?? '', FromState: '', SmsStatus: 'received', FromCity: '',
    Body: body, FromCountry: 'DE', To: '+4930123456', MessagingServiceSid: '', ToZip: '', NumSegments: '1', MessageSid: opts.sid ?? `SM${String(++sids).padStart(32, '0')}`,
    AccountSid: `AC${'0123456789abcdef'.repeat(2)}`, From: opts.from ?? phone, ApiVersion: '2010-04-01',
  });
  if (!opts.sid) form.set('SmsSid', form.get('MessageSid')!), form.set('SmsMessageSid', form.get('MessageSid')!);
  return t.http.inject({
    method: 'POST',
    url: '/api/v1/sms/inbound/twilio',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': opts.signature ?? twilioSignature(authToken, webhookUrl, form), 'i-twilio-idempotency-token': 'x' },
    payload: form.toString(),
  });
}
const prefs = async () => ok(t.api('GET', `/api/v1/customers/${customerId}/contact-preferences`));
const log = async () => (await ok(t.api('GET', `/api/v1/customers/${customerId}/consent-log`))).items as Array<Record<string, unknown>>;

async function smsQueuedForPickup() {
  const at = t.deps.clock.now();
  await t.database.db.transaction((tx) =>
    enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at }, [
      newEvent(fulfillmentReadyForPickup, t.deps.newId(), { fulfillmentOrderId: t.deps.newId(), number: 'FO-1', orderId, orderNumber, locationCode: 'BER', code: '123456', expiresAt: '2026-11-11T18:00:00.000Z' }),
    ]),
  );
  await t.drain();
  const list = await ok(t.api('GET', `/api/v1/orders/${orderId}/messages`, undefined, { as: 'support' }));
  return list.items.filter((m: any) => m.channel === 'sms').length;
}

describe('inbound SMS keywords', () => {
  it('Twilio’s documented signature example verifies (the same algorithm signs the requests below)', () => {
    const params = new URLSearchParams({ CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' });
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('only a bare keyword counts', () => {
    for (const w of ['STOP', 'stop', ' Stopp ', 'UNSUBSCRIBE', 'cancel', 'End', 'QUIT', 'STOPALL']) expect(smsConsentKeyword(w), w).toBe('opt_out');
    for (const w of ['START', 'unstop', 'Yes']) expect(smsConsentKeyword(w), w).toBe('opt_in');
    for (const w of ['stop please', 'Where is my order?', '', 'STOPPING']) expect(smsConsentKeyword(w), w).toBeNull();
  });

  it('an unsigned or wrongly signed request is refused and changes nothing', async () => {
    expect((await inbound('STOP', { signature: 'bm90IGEgc2lnbmF0dXJl' })).statusCode).toBe(401);
    const unsigned = await t.http.inject({ method: 'POST', url: '/api/v1/sms/inbound/twilio', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `Body=STOP&From=${encodeURIComponent(phone)}&MessageSid=SMx` });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.headers['content-type']).toContain('application/problem+json');
    expect((await prefs()).smsOptIn).toBe(true);
  });

  it('STOP revokes SMS consent for the number (logged once, redelivery ignored); no SMS is queued after it; START opts back in', async () => {
    expect(await smsQueuedForPickup()).toBe(1);
    const res = await inbound('Stop', { sid: 'SM11111111111111111111111111111111' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toContain('<Response></Response>');
    expect(await prefs()).toMatchObject({ smsOptIn: false, phone });
    expect((await inbound('Stop', { sid: 'SM11111111111111111111111111111111' })).statusCode).toBe(200); // Twilio retries
    expect(await smsQueuedForPickup()).toBe(1); // the second pickup event queued only the e-mail

    expect((await inbound('Where is my parcel?')).statusCode).toBe(200);
    expect((await prefs()).smsOptIn).toBe(false);
    expect((await inbound('UNSTOP')).statusCode).toBe(200);
    expect((await prefs()).smsOptIn).toBe(true);
    expect(await log()).toEqual([
      expect.objectContaining({ consent: 'sms', granted: true, source: 'console', address: phone }),
      expect.objectContaining({ consent: 'sms', granted: false, source: 'inbound_sms', address: phone, detail: 'STOP' }),
      expect.objectContaining({ consent: 'sms', granted: true, source: 'inbound_sms', address: phone, detail: 'UNSTOP' }),
    ]);
  });

  it('a keyword from a number no customer has is still logged, changing nobody', async () => {
    expect((await inbound('QUIT', { from: '+4915112345678' })).statusCode).toBe(200);
    expect((await prefs()).smsOptIn).toBe(true);
    expect(await log()).toHaveLength(3);
  });
});
