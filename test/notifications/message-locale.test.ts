import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { orderBody } from '../support/factories.js';
import { ok, warehouse } from '../fulfillment/support.js';
import { queryRows } from '../../src/platform/db/query.js';
import { sendDueMessages, smtpMailer, type Mailer } from '../../src/modules/notifications/index.js';
import { chooseLocale } from '../../src/domain/notifications/locale.js';
import { startSmtp, type CapturingSmtp } from './smtp.js';

let t: TestApp;
let smtp: CapturingSmtp;
let mailer: Mailer;
const london = { name: 'Lou', line1: '10 Downing St', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' };

beforeAll(async () => {
  t = await testApp();
  smtp = await startSmtp();
  mailer = smtpMailer(smtp.url);
  await warehouse(t, 'BER');
});
afterAll(async () => {
  await mailer.close();
  await smtp.close();
  await t.close();
});

/** Places an order (optionally setting the customer's language first) and returns the subject of its confirmation e-mail. */
async function confirmation(email: string, over: Record<string, unknown>, customerLocale?: 'en' | 'de') {
  if (customerLocale) {
    const first = await ok(t.api('POST', '/api/v1/orders', orderBody([{ sku: 'PEN-1', quantity: 1 }], { customer: { email, name: 'Lou' }, shippingAddress: london })), 201);
    await ok(t.api('PUT', `/api/v1/customers/${first.customer.id}/contact-preferences`, { locale: customerLocale, phone: null, smsOptIn: false, marketingConsent: false }));
  }
  const o = await ok(t.api('POST', '/api/v1/orders', orderBody([{ sku: 'MUG-1', quantity: 1 }], { customer: { email, name: 'Lou' }, ...over })), 201);
  await t.drain();
  await sendDueMessages({ db: t.database.db, clock: t.deps.clock, newId: t.deps.newId, mailer, publicUrl: 'http://shop.test' });
  const mail = smtp.to(email).find((m) => m.subject?.includes(o.number));
  return { order: o, subject: mail?.subject };
}

describe('order locale at placement', () => {
  it('an optional BCP-47 tag, stored in canonical form and shown on the order', async () => {
    const o = await ok(t.api('POST', '/api/v1/orders', orderBody([{ sku: 'MUG-1', quantity: 1 }], { locale: 'DE-at' })), 201);
    expect(o.locale).toBe('de-AT');
    expect((await ok(t.api('GET', `/api/v1/orders/${o.id}`))).locale).toBe('de-AT');
    expect((await ok(t.api('POST', '/api/v1/orders', orderBody([{ sku: 'MUG-1', quantity: 1 }])), 201)).locale).toBeNull();
  });

  it('a malformed tag is a 400 naming locale, and nothing is written', async () => {
    const [{ n: before }] = (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders`)) as [{ n: number }];
    for (const bad of ['deutsch!', 'x', 'en_GB_', '12-34']) {
      const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'MUG-1', quantity: 1 }], { locale: bad }));
      expect(res.status, bad).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'locale', message: 'must be a BCP-47 language tag such as de or en-GB' }]);
    }
    const [{ n: after }] = (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from orders`)) as [{ n: number }];
    expect(after).toBe(before);
  });
});

describe('message language: the order’s, else the customer’s, else the shop’s', () => {
  it('the order’s locale wins over the customer’s preference (English order, German customer, German address)', async () => {
    const { order, subject } = await confirmation('en-order@example.com', { locale: 'en-GB' }, 'de');
    expect(subject).toBe(`Your order ${order.number} is confirmed`);
  });

  it('a German order to London for an English-speaking customer is German', async () => {
    const { order, subject } = await confirmation('de-order@example.com', { locale: 'de', shippingAddress: london }, 'en');
    expect(subject).toBe(`Ihre Bestellung ${order.number} ist bestätigt`);
  });

  it('without an order locale: the customer’s (German customer, order to London)', async () => {
    const { order, subject } = await confirmation('de-customer@example.com', { shippingAddress: london }, 'de');
    expect(subject).toBe(`Ihre Bestellung ${order.number} ist bestätigt`);
  });

  it('an order locale we have no templates for counts as not given (fr-FR → the customer’s)', async () => {
    const { order, subject } = await confirmation('fr-order@example.com', { locale: 'fr-FR', shippingAddress: london }, 'de');
    expect(subject).toBe(`Ihre Bestellung ${order.number} ist bestätigt`);
  });

  it('without either: the shop’s default, whatever the destination (German address, shop English → English; London, shop German → German)', async () => {
    const english = await confirmation('shop-en@example.com', {});
    expect(english.subject).toBe(`Your order ${english.order.number} is confirmed`);
    const { updatedAt: _u, ...settings } = await ok(t.api('GET', '/api/v1/notification-settings'));
    await ok(t.api('PUT', '/api/v1/notification-settings', { ...settings, defaultLocale: 'de' }));
    try {
      const german = await confirmation('shop-de@example.com', { shippingAddress: london });
      expect(german.subject).toBe(`Ihre Bestellung ${german.order.number} ist bestätigt`);
    } finally {
      await ok(t.api('PUT', '/api/v1/notification-settings', { ...settings, defaultLocale: 'en' }));
    }
  });

  it('the chain, case by case', () => {
    expect(chooseLocale({ orderLocale: 'en-GB', customerLocale: 'de', shopLocale: 'de' })).toBe('en');
    expect(chooseLocale({ orderLocale: 'de-CH', customerLocale: 'en', shopLocale: 'en' })).toBe('de');
    expect(chooseLocale({ orderLocale: null, customerLocale: 'de', shopLocale: 'en' })).toBe('de');
    expect(chooseLocale({ orderLocale: null, customerLocale: null, shopLocale: 'de' })).toBe('de');
    expect(chooseLocale({ orderLocale: null, customerLocale: null, shopLocale: 'en' })).toBe('en');
  });
});
