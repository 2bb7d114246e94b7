/**
 * The customer's side in headless Chromium against the real server (startServer, temp PGlite folder)
 * sending e-mail to a real SMTP server on loopback: placed → confirmation; shipped → e-mail whose
 * link opens the status page showing the same tracking events as the shipment; the carrier's
 * delivered webhook → delivered e-mail. The lookup form: a wrong e-mail gets the same "not found" as a
 * wrong number; the right details open the page; the 21st lookup from one address in a minute is 429.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ParsedMail } from 'mailparser';
import type { RunningServer } from '../../src/server.js';
import { easypostSignature } from '../../src/modules/shipping/carriers/webhook-signatures.js';
import { payloadsDir } from '../support/payloads.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';
import { startSmtp, type CapturingSmtp } from '../notifications/smtp.js';

const devApiKey = 'ordo_e2e_dev_key_orderstatus_0123456789';
const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };
const webhookSecret = 'easypost-webhook-secret-for-tests';
const easypostRaw = readFileSync(`${payloadsDir}easypost/guides__tracking-guide__json__tracking-webhook.json`);

let server: RunningServer;
let page: Page;
let run: Awaited<ReturnType<typeof startConsoleRun>> | undefined;
let smtp: CapturingSmtp;
const api = apiCaller(() => server.url, devApiKey);

async function mailWith(subject: RegExp): Promise<ParsedMail> {
  for (let i = 0; i < 150; i++) {
    const m = smtp.messages.find((x) => subject.test(x.subject ?? ''));
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail with subject ${subject}; got ${smtp.messages.map((m) => m.subject).join(' | ')}`);
}

beforeAll(async () => {
  smtp = await startSmtp();
  run = await startConsoleRun({
    name: 'orderstatus',
    devApiKey,
    admin,
    env: { ORDO_OUTBOX_POLL_MS: '50', ORDO_SMTP_URL: smtp.url, EASYPOST_WEBHOOK_SECRET: webhookSecret },
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'de-DE' },
  });
  ({ server, page } = run);
  await api('POST', '/api/v1/locations', { code: 'BER', name: 'Berlin warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.4 });
  await api('POST', '/api/v1/products', { sku: 'MUG-1', name: 'Enamel mug', weightGrams: 300, dimensionsMm: { length: 120, width: 90, height: 100 }, price: { amount: 1990, currency: 'EUR' } });
  await api('POST', '/api/v1/inventory/adjustments', { sku: 'MUG-1', locationCode: 'BER', delta: 10, reason: 'receipt' });
  await api('POST', '/api/v1/boxes', { code: 'S', name: 'Small', dimensionsMm: { length: 200, width: 150, height: 100 }, maxWeightGrams: 2000, tareWeightGrams: 80 });
  await api('POST', '/api/v1/carriers', { code: 'ep-ups', name: 'UPS via EasyPost', adapter: 'easypost' });
  const settings = await api('GET', '/api/v1/notification-settings');
  await api('PUT', '/api/v1/notification-settings', { ...settings, shopName: 'Kaffeehaus', mergeWindowMinutes: 0 });
}, 120_000);

afterAll(async () => {
  await stopConsoleRun(run ?? {});
  await smtp?.close();
});

let order: { id: string; number: string };
let statusLink = '';

describe('customer journey by e-mail and the status page', () => {
  it('confirmation, shipped with a link to the status page that shows the same tracking events, delivered', async () => {
    order = await api('POST', '/api/v1/orders', {
      channel: 'web',
      locale: 'de',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
      lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: { amount: 1990, currency: 'EUR' } }],
    });
    const confirmation = await mailWith(new RegExp(`Ihre Bestellung ${order.number} ist bestätigt`));
    expect(confirmation.text?.replace(/\u00a0/g, ' ')).toContain('2 × Enamel mug  39,80 €');

    let fo: any;
    for (let i = 0; i < 50 && !fo; i++) {
      fo = (await api('GET', `/api/v1/fulfillment-orders?orderId=${order.id}`)).items[0];
      if (!fo) await new Promise((r) => setTimeout(r, 100));
    }
    await api('POST', `/api/v1/fulfillment-orders/${fo.id}/start-picking`);
    await api('POST', `/api/v1/fulfillment-orders/${fo.id}/scan`, { code: 'MUG-1', quantity: 2 });
    await api('POST', `/api/v1/fulfillment-orders/${fo.id}/pack`, {});
    const shipment = await api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'ep-ups', service: 'ground', trackingNumber: 'EZ4000000004' });
    await api('POST', `/api/v1/fulfillment-orders/${fo.id}/hand-off`);
    const shipped = await mailWith(new RegExp(`Ihre Bestellung ${order.number} ist unterwegs`));
    expect(shipped.text).toContain('Sendungsnummer: EZ4000000004');
    const link = /Bestellung ansehen: (\S+)/.exec(shipped.text ?? '')?.[1];
    expect(link).toMatch(new RegExp(`^${server.url}/track/`));
    statusLink = link!;

    // The carrier reports the parcel's journey and its delivery.
    const res = await fetch(`${server.url}/api/v1/shipping/webhooks/easypost`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hmac-signature': easypostSignature(easypostRaw, webhookSecret) }, body: easypostRaw });
    expect(res.status).toBe(200);
    const delivered = await mailWith(new RegExp(`Bestellung ${order.number} wurde zugestellt`));
    expect(delivered.text).toContain('Entgegengenommen von John Tester');
    for (const m of [confirmation, shipped, delivered]) {
      expect(m.text).toBeTruthy();
      expect(m.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
    }

    const timeline = (await api('GET', `/api/v1/shipments/${shipment.id}`)).timeline as Array<{ message: string | null; status: string }>;
    expect(timeline.length).toBeGreaterThan(2);
    await page.goto(link!);
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('Zugestellt');
    const shown = await page.getByTestId('tracking-event').locator('strong').allTextContents();
    expect(shown).toEqual([...timeline].reverse().map((e) => e.message ?? e.status));
    expect(await page.locator('h1').textContent()).toBe(`Bestellung ${order.number}`);
    // Mobile-first: nothing wider than the phone's screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it('lookup: a wrong e-mail reads exactly like a wrong number; the right details open the page; the 21st try in a minute is refused', async () => {
    await page.goto(`${server.url}/track?lang=en`);
    const tryLookup = async (num: string, email: string) => {
      await field(page, 'Order number').fill(num);
      await field(page, 'E-mail address').fill(email);
      await page.getByRole('button', { name: 'Find my order' }).click();
    };
    await tryLookup(order.number, 'mallory@example.com');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('We could not find an order with these details.');
    const wrongEmail = await page.getByRole('alert').textContent();
    await page.goto(`${server.url}/track?lang=en`);
    await tryLookup('SO-999999', 'ada@example.com');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(wrongEmail);

    await page.goto(`${server.url}/track?lang=en`);
    await tryLookup(order.number, 'ada@example.com');
    await page.waitForURL(/\/track\/[^?]+\?lang=en$/);
    expect(await page.locator('h1').textContent()).toBe(`Order ${order.number}`);
    expect(await page.getByTestId('status').textContent()).toBe('Delivered');

    // 3 lookups so far from this address; 17 more stay within 20 a minute, the 21st is refused.
    const statuses = await page.evaluate(async (num) => {
      const out: number[] = [];
      for (let i = 0; i < 18; i++) {
        const r = await fetch('/api/v1/public/order-status/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderNumber: num, email: 'nobody@example.com' }) });
        out.push(r.status);
      }
      return out;
    }, order.number);
    expect(statuses.slice(0, 17)).toEqual(Array(17).fill(404));
    expect(statuses[17]).toBe(429);
    await page.goto(`${server.url}/track?lang=en`);
    await tryLookup(order.number, 'ada@example.com');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Too many tries. Please wait a minute.');
  });
});

describe('returns portal', () => {
  it('from the delivered order’s status page: choose 1 of 2 units and a reason, request the return; the portal lists it', async () => {
    await page.goto(`${statusLink}?lang=en`);
    await page.getByTestId('return-link').click();
    await page.waitForURL(/\/return\//);
    await page.goto(`${page.url().split('?')[0]}?lang=en`);
    await expect.poll(() => page.locator('#order').textContent()).toBe(`Order ${order.number}`);
    await page.getByRole('button', { name: 'Request the return' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Choose at least one item.');
    await page.getByLabel('Quantity MUG-1').selectOption('1');
    await page.getByLabel('Reason MUG-1').selectOption('wrong_size');
    await page.getByRole('button', { name: 'Request the return' }).click();
    await expect.poll(() => page.getByTestId('return-number').textContent()).toMatch(new RegExp(`^R-${order.number}-1$`));
    expect(await page.locator('#labelp').textContent()).toBe('We will check your request and send you the return label by e-mail.');
    await expect.poll(() => page.locator('#returns li').allTextContents()).toEqual([`R-${order.number}-1: requested`]);
    const returns = await api('GET', `/api/v1/returns?orderId=${order.id}`);
    expect(returns.items).toEqual([expect.objectContaining({ source: 'portal', status: 'requested', lines: [expect.objectContaining({ sku: 'MUG-1', quantity: 1, reason: 'wrong_size' })] })]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });
});
