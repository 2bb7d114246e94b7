import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { payloadsDir } from '../support/payloads.js';
import { easypostSignature } from '../../src/modules/shipping/carriers/webhook-signatures.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { newEvent } from '../../src/platform/events/define.js';
import { paymentFailed, paymentRefunded } from '../../src/modules/payments/index.js';
import { shipmentDelayed, shipmentException, shipmentTrackingUpdated } from '../../src/modules/shipping/index.js';
import { ok, packedOrder, shippingWorld } from '../shipping/support.js';
import { sendDueMessages, smtpMailer, type Mailer } from '../../src/modules/notifications/index.js';
import { startSmtp, type CapturingSmtp } from './smtp.js';

const easypostRaw = readFileSync(`${payloadsDir}easypost/guides__tracking-guide__json__tracking-webhook.json`);
const secret = 'easypost-webhook-secret-for-tests';
let now = new Date('2026-11-04T09:00:00Z');
const clock = { now: () => new Date(now) };
const advance = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));
let t: TestApp;
let smtp: CapturingSmtp;
let mailer: Mailer;
const send = () => sendDueMessages({ db: t.database.db, clock, newId: t.deps.newId, mailer, publicUrl: 'http://shop.test' });
const text = (m: { text?: string | undefined }) => (m.text ?? '').replace(/\u00a0/g, ' ');

beforeAll(async () => {
  t = await testApp({ clock, app: { shippingWebhooks: { easypostSecret: secret } } });
  smtp = await startSmtp();
  mailer = smtpMailer(smtp.url);
  await shippingWorld(t);
});
afterAll(async () => {
  await mailer.close();
  await smtp.close();
  await t.close();
});

let orderId = '';
let orderNumber = '';

describe('a shipped order’s messages', () => {
  it('shipped (carrier, tracking number) and, on the carrier’s delivered webhook, delivered with proof of delivery', async () => {
    const { order, fo } = await packedOrder(t, [{ sku: 'MUG-1', quantity: 2 }], { customer: { email: 'eve@example.com', name: 'Eve' }, locale: 'de' });
    orderId = order.id;
    orderNumber = order.number;
    advance(1); // shipped a minute after it was placed (the timeline is ordered by the events' time)
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups', service: 'ground', trackingNumber: 'EZ4000000004' }, { as: 'warehouse' }), 201);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/hand-off`, undefined, { as: 'warehouse' }));
    await t.drain();
    advance(11);
    await send();
    const shipped = smtp.to('eve@example.com').find((m) => m.subject === `Ihre Bestellung ${order.number} ist unterwegs`)!;
    expect(text(shipped)).toContain('Versanddienst: EP-UPS');
    expect(text(shipped)).toContain('Sendungsnummer: EZ4000000004');
    expect(text(shipped)).toContain('2 × Enamel mug');

    const res = await t.http.inject({ method: 'POST', url: '/api/v1/shipping/webhooks/easypost', headers: { 'content-type': 'application/json', 'x-hmac-signature': easypostSignature(easypostRaw, secret) }, payload: easypostRaw });
    expect(res.statusCode, res.body).toBe(200);
    await t.drain();
    await send();
    const delivered = smtp.to('eve@example.com').find((m) => m.subject === `Bestellung ${order.number} wurde zugestellt`)!;
    expect(text(delivered)).toContain('Entgegengenommen von John Tester');
    expect(delivered.text).toBeTruthy();
  });

  it('the order’s timeline lists every message with status and attempts; resend queues a copy that is sent', async () => {
    const list = await ok(t.api('GET', `/api/v1/orders/${orderId}/messages`, undefined, { as: 'support' }));
    const templates = list.items.map((m: any) => m.template);
    expect(templates.slice(0, 2)).toEqual(['order_confirmation', 'shipped']);
    expect(templates).toContain('delivered');
    expect(list.items.every((m: any) => m.status === 'sent' && m.attempts === 1 && m.recipient === 'eve@example.com' && m.locale === 'de')).toBe(true);
    const delivered = list.items.find((m: any) => m.template === 'delivered');
    const again = await ok(t.api('POST', `/api/v1/notification-messages/${delivered.id}/resend`, undefined, { as: 'support' }), 201);
    expect(again).toMatchObject({ template: 'delivered', status: 'queued', resendOf: delivered.id, recipient: 'eve@example.com' });
    expect(await send()).toMatchObject({ sent: 1 });
    expect(smtp.to('eve@example.com').filter((m) => m.subject === `Bestellung ${orderNumber} wurde zugestellt`)).toHaveLength(2);
    expect((await t.api('POST', '/api/v1/notification-messages/00000000-0000-7000-8000-000000000000/resend')).status).toBe(404);
    expect((await t.api('GET', `/api/v1/orders/${orderId}/messages`, undefined, { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('GET', `/api/v1/orders/not-a-uuid/messages`)).body.errors).toEqual([{ path: 'params.id', message: 'must be an order id (UUID)' }]);
  });

  it('payment failed, refund, out for delivery, exception and delay events each give their message', async () => {
    const at = clock.now();
    const base = { shipmentId: '01a1a5c9-0000-7000-8000-000000000001', number: 'SH-X', orderId, fulfillmentOrderId: 'x', carrier: 'ep-ups', trackingNumber: 'EZ4000000004' };
    await t.database.db.transaction((tx) =>
      enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at }, [
        newEvent(paymentFailed, orderId, { orderId, paymentId: 'p1', provider: 'sandbox', amount: { amount: 9980, currency: 'EUR' }, code: 'card_declined', message: 'declined' }),
        newEvent(paymentRefunded, orderId, { orderId, paymentId: 'p1', provider: 'sandbox', amount: { amount: 4990, currency: 'EUR' }, reason: 'return', source: 'api' }),
        newEvent(shipmentTrackingUpdated, base.shipmentId, { ...base, from: 'in_transit', to: 'out_for_delivery', carrierStatus: 'out_for_delivery', estimatedDelivery: '2026-11-05' }),
        newEvent(shipmentTrackingUpdated, base.shipmentId, { ...base, from: 'handed_off', to: 'in_transit', carrierStatus: 'in_transit', estimatedDelivery: null }),
        newEvent(shipmentException, base.shipmentId, { ...base, message: 'address not found' }),
        newEvent(shipmentDelayed, base.shipmentId, { ...base, promisedDate: '2026-11-05', estimatedDelivery: '2026-11-09' }),
      ]),
    );
    await t.drain();
    expect(await send()).toMatchObject({ sent: 5, retried: 0 });
    const got = (s: string) => smtp.to('eve@example.com').find((m) => m.subject === s);
    expect(text(got(`Zahlung für Bestellung ${orderNumber} fehlgeschlagen`)!)).toContain('Die Zahlung über 99,80 € für Bestellung');
    expect(text(got(`Erstattung für Bestellung ${orderNumber}`)!)).toContain('Wir haben 49,90 € für Bestellung');
    expect(got(`Bestellung ${orderNumber} wird heute zugestellt`)).toBeDefined();
    expect(text(got(`Problem bei der Zustellung von Bestellung ${orderNumber}`)!)).toContain('address not found');
    expect(text(got(`Bestellung ${orderNumber} verzögert sich`)!)).toContain('bis 5. November 2026');
    expect(text(got(`Bestellung ${orderNumber} verzögert sich`)!)).toContain('am 9. November 2026');
  });
});

describe('templates', () => {
  it('preview renders every template in English and German with the branding; bad input names the field', async () => {
    const settings = await ok(t.api('GET', '/api/v1/notification-settings'));
    await ok(t.api('PUT', '/api/v1/notification-settings', { ...settings, shopName: 'Kaffeehaus', primaryColor: '#aa3300', logoUrl: 'https://cdn.example.com/logo.png', replyTo: 'help@kaffeehaus.example' }));
    for (const template of ['order_confirmation', 'shipped', 'ready_for_pickup', 'refund_issued', 'delivered', 'pickup_reminder']) {
      for (const locale of ['en', 'de']) {
        const p = await ok(t.api('GET', `/api/v1/notification-templates/${template}/preview?locale=${locale}`, undefined, { as: 'support' }));
        expect(p.subject).toContain('SO-123456');
        expect(p.html).toContain('#aa3300');
        expect(p.html).toContain('https://cdn.example.com/logo.png');
        expect(p.text).toContain('Kaffeehaus');
        expect(p.html).not.toMatch(/ORDOSLOT|%%/);
        expect(p.html).toContain(p.subject.replace(/'/g, '&#39;').split(' ')[0]);
      }
    }
    const bad = await t.api('PUT', '/api/v1/notification-settings', { ...settings, primaryColor: 'red', senderEmail: 'nope', disabledTemplates: ['nothing'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['disabledTemplates.0', 'primaryColor', 'senderEmail']);
    expect((await t.api('GET', '/api/v1/notification-templates/nope/preview')).status).toBe(400);
  });

  it('test send queues sample data to any address with the merchant’s sender and reply-to', async () => {
    const m = await ok(t.api('POST', '/api/v1/notification-templates/test-send', { template: 'order_confirmation', locale: 'en', to: 'owner@kaffeehaus.example' }), 201);
    expect(m).toMatchObject({ status: 'queued', orderId: null, recipient: 'owner@kaffeehaus.example' });
    await send();
    const [mail] = smtp.to('owner@kaffeehaus.example');
    expect(mail!.subject).toBe('Your order SO-123456 is confirmed');
    expect(mail!.replyTo?.value[0]?.address).toBe('help@kaffeehaus.example');
    expect(text(mail!)).toContain('Kaffeehaus');
  });
});
