import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { boxCatalog, fulfillmentsOf, GTIN, ok, placeOrder, warehouse } from '../fulfillment/support.js';
import { queryRows } from '../../src/platform/db/query.js';
import { sendDueMessages, smtpMailer, type Mailer } from '../../src/modules/notifications/index.js';
import { startSmtp, type CapturingSmtp } from './smtp.js';

let now = new Date('2026-11-04T09:00:00Z');
const clock = { now: () => new Date(now) };
const advance = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));
let t: TestApp;
let smtp: CapturingSmtp;
let mailer: Mailer;
const send = () => sendDueMessages({ db: t.database.db, clock, newId: t.deps.newId, mailer, publicUrl: 'http://shop.test' });

beforeAll(async () => {
  t = await testApp({ clock });
  smtp = await startSmtp();
  mailer = smtpMailer(smtp.url);
  await warehouse(t, 'BER');
  await boxCatalog(t);
  // A second warehouse that alone stocks the lamp: an order of a mug and a lamp ships in two parcels.
  await makeLocation(t, { code: 'HAM', name: 'Hamburg', latitude: 53.55, longitude: 9.99 });
  await makeProduct(t, { sku: 'LAMP-1', name: 'Desk lamp', gtin: '4006381333948', weightGrams: 800, dimensionsMm: { length: 200, width: 150, height: 100 } });
  await receiveStock(t, 'LAMP-1', 'HAM', 5);
  await makeLocation(t, { code: 'STO', name: 'Mitte store', type: 'store', canShip: false, canPickup: true, latitude: 52.53, longitude: 13.41 });
  await receiveStock(t, 'MUG-1', 'STO', 10);
});
afterAll(async () => {
  await mailer.close();
  await smtp.close();
  await t.close();
});

/** The raw header line (mailparser structures List-Unsubscribe). */
const header = (mail: { headerLines: ReadonlyArray<{ key: string; line: string }> }, name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '') ?? null;
/** The text part with Intl's no-break spaces as plain spaces. */
const text = (mail: { text?: string | undefined }) => (mail.text ?? '').replace(/\u00a0/g, ' ');

async function messagesOf(orderId: string) {
  return queryRows<{ template: string; status: string; attempts: number; locale: string }>(t.database.db, sql`select template, status, attempts, locale from notification_messages where order_id = ${orderId} order by created_at, template`);
}

async function pickPackHandOff(foId: string, lines: Array<{ code: string; quantity: number }>) {
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${foId}/start-picking`, undefined, { as: 'warehouse' }));
  for (const l of lines) await ok(t.api('POST', `/api/v1/fulfillment-orders/${foId}/scan`, { code: l.code, quantity: l.quantity }, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${foId}/pack`, {}, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${foId}/hand-off`, undefined, { as: 'warehouse' }));
}

describe('customer e-mail over SMTP', () => {
  it('placed → a confirmation in the order’s language with its lines and totals, a text part and List-Unsubscribe', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 2 }, { sku: 'PEN-1', quantity: 1 }], { customer: { email: 'ada@example.com', name: 'Ada Lovelace' }, locale: 'de' });
    await t.drain();
    expect(await send()).toEqual({ sent: 1, retried: 0, failed: 0, bounced: 0 });
    const [mail] = smtp.to('ada@example.com');
    expect(mail!.subject).toBe(`Ihre Bestellung ${o.number} ist bestätigt`); // shipped to Germany: German
    expect(text(mail!)).toContain('2 × Enamel mug  99,80 €');
    expect(text(mail!)).toContain('1 × Fountain pen  49,90 €');
    expect(text(mail!)).toContain('Gesamt: 149,70 €');
    expect(mail!.html).toContain('Enamel mug');
    expect(mail!.html).not.toContain('ORDOSLOT');
    expect(String(mail!.html).replace(/\u00a0/g, ' ')).toContain('149,70 €');
    expect(mail!.html).toContain('<meta name="viewport"'); // MJML's responsive layout
    expect(header(mail!, 'list-unsubscribe')).toMatch(/^<http:\/\/shop\.test\/api\/v1\/public\/unsubscribe\/[^>]+>$/);
    expect(header(mail!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(text(mail!)).toMatch(new RegExp(`Bestellung ansehen: http://shop\\.test/track/${o.id}\\.`));
    expect(await messagesOf(o.id)).toEqual([{ template: 'order_confirmation', status: 'sent', attempts: 1, locale: 'de' }]);
    // Sending again finds nothing due; draining again queues nothing new.
    await t.drain();
    expect(await send()).toEqual({ sent: 0, retried: 0, failed: 0, bounced: 0 });
    expect(smtp.to('ada@example.com')).toHaveLength(1);
  });

  it('an English order; two shipments of one order within the window → one shipped e-mail naming both', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }, { sku: 'LAMP-1', quantity: 1 }], {
      customer: { email: 'grace@example.com', name: 'Grace Hopper' },
      shippingAddress: { name: 'Grace Hopper', line1: '1 Main St', city: 'London', postalCode: 'SW1A 1AA', country: 'GB' },
    });
    await t.drain();
    await send();
    const fos = await fulfillmentsOf(t, o.id);
    expect(fos.map((f) => f.locationCode).sort()).toEqual(['BER', 'HAM']);
    const ber = fos.find((f) => f.locationCode === 'BER')!;
    const ham = fos.find((f) => f.locationCode === 'HAM')!;
    await pickPackHandOff(ber.id, [{ code: GTIN.MUG, quantity: 1 }]);
    await t.drain();
    advance(4); // the second parcel leaves 4 minutes later: inside the 10-minute window
    await pickPackHandOff(ham.id, [{ code: 'LAMP-1', quantity: 1 }]);
    await t.drain();
    expect(await send()).toMatchObject({ sent: 0 }); // still waiting for more parcels
    advance(7);
    expect(await send()).toMatchObject({ sent: 1 });
    const mails = smtp.to('grace@example.com');
    expect(mails.map((m) => m.subject)).toEqual([`Your order ${o.number} is confirmed`, `Your order ${o.number} is on its way`]);
    const shipped = mails[1]!;
    expect(text(shipped)).toContain(`Good news: order ${o.number} has left our warehouses in 2 parcels.`);
    expect(text(shipped)).toContain('1 × Enamel mug');
    expect(text(shipped)).toContain('1 × Desk lamp');
    expect(header(shipped, 'list-unsubscribe')).toMatch(/^<http:\/\/shop\.test\//);
    expect((await messagesOf(o.id)).map((m) => [m.template, m.status, m.locale])).toEqual([
      ['order_confirmation', 'sent', 'en'],
      ['shipped', 'sent', 'en'],
    ]);
  });

  it('ready for pickup → an e-mail with the pickup code and the store', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'linus@example.com', name: 'Linus' }, locale: 'de', delivery: { method: 'pickup', locationCode: 'STO' } });
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: GTIN.MUG, quantity: 1 }, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' }));
    const ready = await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/ready-for-pickup`, undefined, { as: 'warehouse' }));
    await t.drain();
    await send();
    const mail = smtp.to('linus@example.com').find((m) => m.subject === `Bestellung ${o.number} ist abholbereit`)!;
    expect(text(mail)).toContain(`Abholcode: ${ready.code}`);
    expect(text(mail)).toContain('Mitte store');
    expect(mail.html).toContain(ready.code);
    expect(header(mail, 'list-unsubscribe')).toMatch(/^<http:\/\/shop\.test\//);
  });

  it('cancelled → a cancellation e-mail with the reason', async () => {
    const o = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { customer: { email: 'cancel@example.com', name: 'Carl' }, locale: 'de' });
    await ok(t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer changed their mind' }));
    await t.drain();
    await send();
    const subjects = smtp.to('cancel@example.com').map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining([`Bestellung ${o.number} wurde storniert`]));
    const mail = smtp.to('cancel@example.com').find((m) => m.subject?.includes('storniert'))!;
    expect(text(mail)).toContain('Grund: customer changed their mind');
  });

  it('a switched-off template is not queued', async () => {
    const settings = await ok(t.api('GET', '/api/v1/notification-settings'));
    await ok(t.api('PUT', '/api/v1/notification-settings', { ...settings, disabledTemplates: ['order_confirmation'] }));
    const o = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { customer: { email: 'quiet@example.com', name: 'Q' } });
    await t.drain();
    await send();
    expect(await messagesOf(o.id)).toEqual([]);
    await ok(t.api('PUT', '/api/v1/notification-settings', { ...settings, disabledTemplates: [] }));
  });
});

describe('delivery failures', () => {
  it('SMTP down → retries with backoff; after recovery each message is sent exactly once', async () => {
    const down = await startSmtp();
    const port = down.port;
    await down.close();
    const flaky = smtpMailer(`smtp://127.0.0.1:${port}`);
    const sendFlaky = () => sendDueMessages({ db: t.database.db, clock, newId: t.deps.newId, mailer: flaky, publicUrl: 'http://shop.test' });
    const a = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { customer: { email: 'retry1@example.com', name: 'R1' } });
    const b = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { customer: { email: 'retry2@example.com', name: 'R2' } });
    await t.drain();
    expect(await sendFlaky()).toEqual({ sent: 0, retried: 2, failed: 0, bounced: 0 });
    const [row] = await queryRows<{ attempts: number; next_attempt_at: Date; last_error: string }>(t.database.db, sql`select attempts, next_attempt_at, last_error from notification_messages where order_id = ${a.id}`);
    expect(row!.attempts).toBe(1);
    expect(new Date(row!.next_attempt_at).getTime()).toBe(now.getTime() + 30_000);
    expect(row!.last_error).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(await sendFlaky()).toMatchObject({ sent: 0, retried: 0 }); // not due yet
    advance(1);
    expect(await sendFlaky()).toEqual({ sent: 0, retried: 2, failed: 0, bounced: 0 });
    const [again] = await queryRows<{ attempts: number; next_attempt_at: Date }>(t.database.db, sql`select attempts, next_attempt_at from notification_messages where order_id = ${a.id}`);
    expect(again!.attempts).toBe(2);
    expect(new Date(again!.next_attempt_at).getTime()).toBe(now.getTime() + 60_000); // doubled
    const back = await startSmtp(port);
    try {
      advance(2);
      expect(await sendFlaky()).toEqual({ sent: 2, retried: 0, failed: 0, bounced: 0 });
      advance(60);
      expect(await sendFlaky()).toEqual({ sent: 0, retried: 0, failed: 0, bounced: 0 });
      expect(back.to('retry1@example.com')).toHaveLength(1);
      expect(back.to('retry2@example.com')).toHaveLength(1);
      expect((await messagesOf(b.id)).map((m) => [m.status, m.attempts])).toEqual([['sent', 3]]);
    } finally {
      await flaky.close();
      await back.close();
    }
  });

  it('a recipient refused with 550 is marked bounced, not retried', async () => {
    const o = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { customer: { email: 'bounce@example.com', name: 'B' } });
    await t.drain();
    expect(await send()).toMatchObject({ bounced: 1 });
    expect((await messagesOf(o.id)).map((m) => m.status)).toEqual(['bounced']);
    const events = await queryRows<{ payload: any }>(t.database.db, sql`select payload from outbox where type = 'notification.failed'`);
    expect(events.map((e) => e.payload.status)).toContain('bounced');
  });
});
