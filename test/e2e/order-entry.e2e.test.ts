/**
 * Order entry in the console: a service rep (support role) takes a phone order — creates the new
 * customer inline, finds a product by name, types the address, saves a draft, comes back to it from
 * the drafts list, picks a shipping option from the delivery promise, pays with the sandbox token and
 * places the order (phone channel). The draft is gone afterwards, and the order's timeline names the
 * rep instead of showing their raw id. Also: the inventory search box finds stock by product name.
 * Real server (startServer on a temp PGlite folder) serving the built console; needs `npm run build:web`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const root = new URL('../../', import.meta.url).pathname;
const shots = join(root, 'test-results');
const devApiKey = 'ordo_e2e_dev_key_order_entry_0123456789';
const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };
const rep = { email: 'rita@shop.example', password: 'phones-ringing-all-day', name: 'Rita Rep' };

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const api = apiCaller(() => server.url, devApiKey);

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'entry', devApiKey, admin, env: { ORDO_OUTBOX_POLL_MS: '50' } }));
  await api('POST', '/api/v1/locations', { code: 'BER', name: 'Berlin warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.4 });
  for (const p of [
    { sku: 'MUG-1', name: 'Enamel mug', weightGrams: 300 },
    { sku: 'PEN-1', name: 'Fountain pen', weightGrams: 40 },
  ]) {
    await api('POST', '/api/v1/products', { ...p, price: { amount: 1990, currency: 'EUR' } });
    await api('POST', '/api/v1/inventory/adjustments', { sku: p.sku, locationCode: 'BER', delta: 10, reason: 'receipt' });
  }
  await api('POST', '/api/v1/carriers', { code: 'ordo-post', name: 'Ordo Post', trackingPrefix: 'LX' });
  const calendar = { timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], holidays: [] };
  // Zones by country: addresses typed in on the phone have no coordinates for distance zones.
  const rates = (f: number) => ({ currency: 'EUR', countryZones: { DE: 'DOMESTIC' }, weightBreaks: [{ maxGrams: 5000, prices: { DOMESTIC: 450 * f } }] });
  await api('POST', '/api/v1/carriers/ordo-post/services', { code: 'ground', name: 'Ground', level: 'standard', rates: rates(1), transitDays: 3, calendar });
  await api('POST', '/api/v1/carriers/ordo-post/services', { code: 'express', name: 'Express', level: 'express', rates: rates(2), transitDays: 1, calendar });
  await api('POST', '/api/v1/users', { email: rep.email, name: rep.name, role: 'support', password: rep.password });
}, 120_000);

afterAll(() => stopConsoleRun({ browser, server, dataDir }));

describe('order entry: a phone order placed from the console by a service rep', () => {
  it('creates the customer, saves and resumes a draft, and places the order with shipping and payment', async () => {
    await page.goto(`${server.url}/login`);
    await field(page, 'Email').fill(rep.email);
    await field(page, 'Password').fill(rep.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/orders`);
    await page.getByRole('link', { name: 'New order' }).click();
    await page.waitForURL(`${server.url}/orders/new`);

    // A new customer, created inline.
    await page.getByRole('button', { name: 'New customer' }).click();
    await field(page, 'Name').fill('Grace Hopper');
    await field(page, 'E-mail').fill('grace@example.com');
    await field(page, 'Phone').fill('+49 30 1234567');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await expect.poll(() => page.getByTestId('chosen-customer').textContent()).toBe('Grace Hopper · grace@example.com · +49 30 1234567');
    const customers = await api('GET', '/api/v1/customers?q=grace');
    expect(customers.items.map((c: { email: string }) => c.email)).toEqual(['grace@example.com']);

    // A product found by part of its name; two of them.
    await page.getByRole('combobox', { name: 'Add product' }).fill('enamel');
    await page.getByRole('option', { name: /^MUG-1 — Enamel mug/ }).click();
    await page.getByLabel('Quantity of MUG-1').fill('2');
    await field(page, 'Street and number').fill('Unter den Linden 5');
    await field(page, 'Postal code').fill('10117');
    await field(page, 'City').fill('Berlin');
    expect(await field(page, 'Recipient').inputValue()).toBe('Grace Hopper');

    // Saved as a draft: the URL names it and the list shows it.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL((u) => u.searchParams.has('draft'));
    const draftId = new URL(page.url()).searchParams.get('draft')!;
    const saved = await api('GET', `/api/v1/order-drafts/${draftId}`);
    expect(saved).toMatchObject({ title: 'Grace Hopper', body: { customer: { email: 'grace@example.com' }, lines: [{ sku: 'MUG-1', quantity: 2 }], address: { line1: 'Unter den Linden 5' } } });

    // Later: a fresh entry page lists the draft with its author's name; opening it restores the entry.
    await page.goto(`${server.url}/orders/new`);
    const draft = page.getByTestId('draft').filter({ hasText: 'Grace Hopper' });
    await expect.poll(() => draft.getByTestId('actor-name').textContent()).toBe('Rita Rep');
    await draft.getByRole('button', { name: 'Grace Hopper', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('draft') === draftId);
    await expect.poll(() => field(page, 'Street and number').inputValue()).toBe('Unter den Linden 5');
    expect(await page.getByLabel('Quantity of MUG-1').inputValue()).toBe('2');
    expect(await page.getByTestId('chosen-customer').textContent()).toContain('grace@example.com');

    // Shipping options from the delivery promise: standard €4.50, express €9.00.
    const standard = page.getByTestId('shipping-standard');
    await standard.waitFor({ timeout: 15_000 }).catch(async () => {
      await page.screenshot({ path: join(shots, 'order-entry-no-shipping.png'), fullPage: true });
    });
    await expect.poll(() => standard.textContent(), { timeout: 15_000 }).toContain('€4.50');
    expect(await page.getByTestId('shipping-express').textContent()).toContain('€9.00');
    await standard.getByRole('radio').check();
    await expect.poll(() => page.getByTestId('order-total').textContent()).toBe('€44.30');
    expect(await page.getByRole('combobox', { name: 'Sandbox card' }).inputValue()).toBe('Card authorized (pm_sandbox_success)');
    await page.screenshot({ path: join(shots, 'order-entry.png'), fullPage: true });

    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderId = new URL(page.url()).pathname.split('/').at(-1)!;
    const order = await api('GET', `/api/v1/orders/${orderId}`);
    expect(order).toMatchObject({
      channel: 'phone',
      status: 'confirmed',
      customer: { email: 'grace@example.com', name: 'Grace Hopper' },
      shippingAddress: { name: 'Grace Hopper', line1: 'Unter den Linden 5', postalCode: '10117', city: 'Berlin', country: 'DE' },
      totals: { subtotal: { amount: 3980, currency: 'EUR' }, shipping: { amount: 450, currency: 'EUR' }, total: { amount: 4430, currency: 'EUR' } },
    });
    expect(order.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([['MUG-1', 2]]);
    expect(order.note).toContain('Shipping: standard');
    const payments = await api('GET', `/api/v1/orders/${orderId}/payments`);
    expect(payments.items.map((p: { provider: string; status: string }) => [p.provider, p.status])).toEqual([['sandbox', 'authorized']]);
    // The draft is gone; the customer is the one created above.
    expect((await api('GET', '/api/v1/order-drafts')).items).toEqual([]);
    expect((await api('GET', `/api/v1/customers/${customers.items[0].id}`)).orderCount).toBe(1);

    // The timeline says who placed it by name.
    const timeline = page.getByTestId('timeline');
    await expect.poll(() => timeline.getByTestId('actor-name').first().textContent()).toBe('Rita Rep');
    expect(await timeline.textContent()).not.toMatch(/user:[0-9a-f]{8}/);
  }, 180_000);

  it('finds stock by product name in the inventory search box', async () => {
    await page.goto(`${server.url}/inventory`);
    await page.getByRole('searchbox', { name: 'Search' }).fill('fountain');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'PEN-1' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'MUG-1' }).count()).toBe(0);
    expect(await page.getByRole('row').filter({ hasText: 'PEN-1' }).textContent()).toContain('Fountain pen');
  }, 60_000);
});
