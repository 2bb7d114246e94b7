import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { placeOrder, warehouse } from '../fulfillment/support.js';
import { queryRows } from '../../src/platform/db/query.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { newEvent } from '../../src/platform/events/define.js';
import { fulfillmentReadyForPickup } from '../../src/modules/fulfillment/index.js';
import { emlMailer, sendDueMessages, twilioSms, type SmsSender } from '../../src/modules/notifications/index.js';

const sid = `AC${'0123456789abcdef'.repeat(2)}`;
const token = 'twilio-auth-token-0123456789';
interface Received { path: string; auth: string | undefined; form: URLSearchParams }

/**
 * A fake of Twilio's Messages API on loopback with its real shapes: 201 + message resource; 400 +
 * error 21211 for Twilio's magic invalid number +15005550001; 500 for +15005550500 (a provider outage).
 */
async function fakeTwilio() {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      received.push({ path: req.url ?? '', auth: req.headers.authorization, form });
      const to = form.get('To');
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`) {
        res.statusCode = 401;
        return res.end(JSON.stringify({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 }));
      }
      if (to === '+15005550001') {
        res.statusCode = 400;
        return res.end(JSON.stringify({ code: 21211, message: "The 'To' number +15005550001 is not a valid phone number.", more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 }));
      }
      if (to === '+15005550500') {
        res.statusCode = 500;
        return res.end(JSON.stringify({ code: 20500, message: 'Internal Server Error', status: 500 }));
      }
      res.statusCode = 201;
      res.end(JSON.stringify({ account_sid: sid, api_version: '2010-04-01', body: form.get('Body'), date_created: new Date().toUTCString(), direction: 'outbound-api', error_code: null, error_message: null, from: form.get('From'), num_segments: '1', price: null, sid: `SM${String(received.length).padStart(32, '0')}`, status: 'queued', to, uri: `/2010-04-01/Accounts/${sid}/Messages/SM.json` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestApp;
let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
let sms: SmsSender;
const mailer = emlMailer('/tmp/ordo-sms-test-mail');
const send = () => sendDueMessages({ db: t.database.db, clock: t.deps.clock, newId: t.deps.newId, mailer, sms, publicUrl: 'http://shop.test' });

beforeAll(async () => {
  t = await testApp();
  twilio = await fakeTwilio();
  sms = twilioSms({ accountSid: sid, authToken: token, from: '+4930123456', apiBase: twilio.url });
  await warehouse(t, 'BER');
});
afterAll(async () => {
  await twilio.close();
  await t.close();
});

async function customerOf(orderId: string) {
  return (await t.api('GET', `/api/v1/orders/${orderId}`)).body.customer.id as string;
}
async function pickupReady(orderId: string, orderNumber: string, code: string) {
  const at = t.deps.clock.now();
  await t.database.db.transaction((tx) =>
    enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at }, [
      newEvent(fulfillmentReadyForPickup, t.deps.newId(), { fulfillmentOrderId: t.deps.newId(), number: 'FO-1', orderId, orderNumber, locationCode: 'BER', code, expiresAt: '2026-11-11T18:00:00.000Z' }),
    ]),
  );
  await t.drain();
}
const smsRows = (orderId: string) => queryRows<{ recipient: string; status: string; provider_message_id: string | null; last_error: string | null; text: string | null }>(t.database.db, sql`select recipient, status, provider_message_id, last_error, text from notification_messages where order_id = ${orderId} and channel = 'sms'`);

describe('SMS', () => {
  it('contact preferences: E.164 validated, SMS needs a number; unknown customer 404', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'p@example.com', name: 'P' } });
    const id = await customerOf(o.id);
    const bad = await t.api('PUT', `/api/v1/customers/${id}/contact-preferences`, { locale: 'en', phone: '0151 1234567', smsOptIn: true, marketingConsent: false }, { as: 'support' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'phone', message: 'must be an E.164 phone number such as +491701234567' }]);
    const noPhone = await t.api('PUT', `/api/v1/customers/${id}/contact-preferences`, { locale: null, phone: null, smsOptIn: true, marketingConsent: false }, { as: 'support' });
    expect(noPhone.body.errors).toEqual([{ path: 'phone', message: 'is required for SMS' }]);
    const good = await t.api('PUT', `/api/v1/customers/${id}/contact-preferences`, { locale: 'en', phone: '+491701234567', smsOptIn: true, marketingConsent: true }, { as: 'support' });
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect((await t.api('GET', `/api/v1/customers/${id}/contact-preferences`, undefined, { as: 'read-only' })).body).toEqual({ locale: 'en', phone: '+491701234567', smsOptIn: true, marketingConsent: true, unsubscribedAt: null });
    expect((await t.api('GET', '/api/v1/customers/00000000-0000-7000-8000-000000000000/contact-preferences')).status).toBe(404);
  });

  it('an opted-in customer gets the pickup code by SMS through the Twilio API (form, basic auth, sid recorded); the customer’s locale wins', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'sms@example.com', name: 'S' } });
    await ok(t.api('PUT', `/api/v1/customers/${await customerOf(o.id)}/contact-preferences`, { locale: 'en', phone: '+491701234567', smsOptIn: true, marketingConsent: false }));
    await pickupReady(o.id, o.number, '482913');
    const before = twilio.received.length;
    await send();
    const req = twilio.received.slice(before).find((r) => r.form.get('To') === '+491701234567')!;
    expect(req.path).toBe(`/2010-04-01/Accounts/${sid}/Messages.json`);
    expect(req.form.get('From')).toBe('+4930123456');
    expect(req.form.get('Body')).toMatch(new RegExp(`^Ordo Shop: Order ${o.number} is ready for pickup\\. Pickup code: 482913 http://shop\\.test/track/${o.id}\\.`));
    const [row] = await smsRows(o.id);
    expect(row).toMatchObject({ recipient: '+491701234567', status: 'sent', last_error: null });
    expect(row!.provider_message_id).toMatch(/^SM\d{32}$/);
  });

  it('no opt-in → no SMS; Twilio 21211 → bounced; a Twilio 500 → retried', async () => {
    const quiet = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'nosms@example.com', name: 'N' } });
    await pickupReady(quiet.id, quiet.number, '111111');
    expect(await smsRows(quiet.id)).toEqual([]);

    const invalid = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'invalid@example.com', name: 'I' } });
    await ok(t.api('PUT', `/api/v1/customers/${await customerOf(invalid.id)}/contact-preferences`, { locale: null, phone: '+15005550001', smsOptIn: true, marketingConsent: false }));
    const down = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'down@example.com', name: 'D' } });
    await ok(t.api('PUT', `/api/v1/customers/${await customerOf(down.id)}/contact-preferences`, { locale: null, phone: '+15005550500', smsOptIn: true, marketingConsent: false }));
    await pickupReady(invalid.id, invalid.number, '222222');
    await pickupReady(down.id, down.number, '333333');
    await send();
    expect(await smsRows(invalid.id)).toMatchObject([{ status: 'bounced', last_error: "twilio 400 21211: The 'To' number +15005550001 is not a valid phone number." }]);
    expect(await smsRows(down.id)).toMatchObject([{ status: 'queued', last_error: 'twilio 500 20500: Internal Server Error' }]);
  });
});

async function ok(p: Promise<{ status: number; body: any }>) {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
