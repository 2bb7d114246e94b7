import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { warehouse, placeOrder } from '../fulfillment/support.js';
import { linkToken } from '../../src/modules/notifications/index.js';

let t: TestApp;
let order: { id: string; number: string };
beforeAll(async () => {
  t = await testApp();
  await warehouse(t, 'BER');
  order = await placeOrder(t, [{ sku: 'MUG-1', quantity: 2 }], { customer: { email: 'Ada@Example.com', name: 'Ada Lovelace' }, locale: 'de' });
  await t.drain();
});
afterAll(() => t.close());

const lookup = (body: unknown, ip = '10.0.0.1') => t.api('POST', '/api/v1/public/order-status/lookup', body, { key: null, remoteAddress: ip });

describe('public order status', () => {
  it('the right number with the e-mail (any case) or the postal code → a signed token and the status', async () => {
    const byEmail = await lookup({ orderNumber: order.number, email: ' ada@example.COM ' });
    expect(byEmail.status, JSON.stringify(byEmail.body)).toBe(200);
    expect(byEmail.body.token).toMatch(new RegExp(`^${order.id}\\.`));
    expect(byEmail.body.order).toMatchObject({ number: order.number, status: 'confirmed', items: [{ name: 'Enamel mug', quantity: 2 }], pickup: null });
    expect(JSON.stringify(byEmail.body)).not.toMatch(/ada@example|Unter den Linden|4990/); // no address, e-mail or prices
    const byPostal = await lookup({ orderNumber: order.number.toLowerCase(), postalCode: '10117' });
    expect(byPostal.status).toBe(200);
    const again = await t.api('GET', `/api/v1/public/order-status/${encodeURIComponent(byEmail.body.token)}`, undefined, { key: null });
    expect(again.status).toBe(200);
    expect(again.body.number).toBe(order.number);
  });

  it('a wrong e-mail gets exactly the answer of an unknown order number', async () => {
    const wrongEmail = await lookup({ orderNumber: order.number, email: 'mallory@example.com' }, '10.0.0.2');
    const wrongNumber = await lookup({ orderNumber: 'SO-999999', email: 'ada@example.com' }, '10.0.0.2');
    const wrongPostal = await lookup({ orderNumber: order.number, postalCode: '99999' }, '10.0.0.2');
    for (const r of [wrongEmail, wrongNumber, wrongPostal]) {
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const strip = (b: any) => ({ ...b, requestId: undefined, instance: undefined });
    expect(strip(wrongEmail.body)).toEqual(strip(wrongNumber.body));
    expect(strip(wrongPostal.body)).toEqual(strip(wrongNumber.body));
    const neither = await lookup({ orderNumber: order.number }, '10.0.0.2');
    expect(neither.status).toBe(400);
    expect(neither.body.errors).toEqual([{ path: 'email', message: 'give the e-mail address or the postal code of the order' }]);
  });

  it('a forged or foreign-secret token is not found; the token of one order never opens another', async () => {
    expect((await t.api('GET', `/api/v1/public/order-status/${order.id}.forged`, undefined, { key: null })).status).toBe(404);
    expect((await t.api('GET', `/api/v1/public/order-status/${encodeURIComponent(linkToken('other-secret', 'status', order.id))}`, undefined, { key: null })).status).toBe(404);
    const page = await t.http.inject({ method: 'GET', url: `/track/${order.id}.forged` });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Track your order');
  });

  it('21 lookups from one address within a minute → the 21st is refused with 429; another address still gets through', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await lookup({ orderNumber: `SO-${900000 + i}`, email: 'x@example.com' }, '10.0.0.9')).status);
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    const limited = await lookup({ orderNumber: order.number, email: 'ada@example.com' }, '10.0.0.9');
    expect(limited.status).toBe(429); // even with the right details
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect((await lookup({ orderNumber: order.number, email: 'ada@example.com' }, '10.0.0.10')).status).toBe(200);
  });

  it('the status page is HTML in the order’s language, mobile-first; ?lang= switches', async () => {
    const { body } = await lookup({ orderNumber: order.number, email: 'ada@example.com' }, '10.0.0.3');
    const de = await t.http.inject({ method: 'GET', url: `/track/${encodeURIComponent(body.token)}` });
    expect(de.statusCode).toBe(200);
    expect(de.headers['content-type']).toContain('text/html');
    expect(de.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(de.body).toContain(`Bestellung ${order.number}`);
    expect(de.body).toContain('Bestätigt');
    const en = await t.http.inject({ method: 'GET', url: `/track/${encodeURIComponent(body.token)}?lang=en` });
    expect(en.body).toContain(`Order ${order.number}`);
    expect(en.body).toContain('2 × Enamel mug');
  });

  it('one-click unsubscribe with the signed link records the opt-out; a bad link is 404', async () => {
    const o = await t.api('GET', `/api/v1/orders/${order.id}`);
    const { loadNotificationSettings } = await import('../../src/modules/notifications/settings.js');
    const secret = (await loadNotificationSettings(t.database.db, t.deps.clock.now())).linkSecret;
    const ok = await t.api('POST', `/api/v1/public/unsubscribe/${encodeURIComponent(linkToken(secret, 'unsubscribe', o.body.customer.id))}`, undefined, { key: null });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toEqual({ unsubscribed: true });
    expect((await t.api('POST', `/api/v1/public/unsubscribe/${o.body.customer.id}.nope`, undefined, { key: null })).status).toBe(404);
  });
});
