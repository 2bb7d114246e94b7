/**
 * The console end to end: the real server (startServer, embedded PGlite in a temp folder) serving the
 * built console from dist/web, driven by headless Chromium through playwright-core.
 * Needs `npm run build:web` first (npm install runs it in `prepare`); fails loudly when it is missing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const root = new URL('../../', import.meta.url).pathname;
const shots = join(root, 'test-results');

const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };
const warehouse = { email: 'wes@shop.example', password: 'forklift-and-pallets', name: 'Wes Porter' };
const devApiKey = 'ordo_e2e_dev_key_0123456789abcdef';
const BUDGET = 500 * 1024;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dataDir: string;
let orderId = '';
let orderNumber = '';

const api = apiCaller(() => server.url, devApiKey);

/** Gzipped bytes of every script a page loads while `during` runs. */
async function scriptBytes(p: Page, during: () => Promise<void>): Promise<{ total: number; files: string[] }> {
  const pending: Array<Promise<{ url: string; size: number }>> = [];
  const onResponse = (r: import('playwright-core').Response) => {
    if (r.request().resourceType() === 'script') pending.push(r.body().then((b) => ({ url: r.url(), size: gzipSync(b).length })));
  };
  p.on('response', onResponse);
  await during();
  await p.waitForLoadState('networkidle');
  p.off('response', onResponse);
  const files = await Promise.all(pending);
  return { total: files.reduce((n, f) => n + f.size, 0), files: files.map((f) => `${f.url.split('/').pop()} ${(f.size / 1024).toFixed(1)} kB`) };
}

/** An input by its exact label; Mantine appends " *" to required ones. */

/**
 * A full-page screenshot as a person would see the page: no toasts left over from earlier steps, no
 * hover tooltip, and the viewport stretched to the content so the fixed navbar spans the whole page.
 */
async function shot(p: Page, name: string) {
  const viewport = p.viewportSize()!;
  await p.mouse.move(0, viewport.height - 1);
  const style = await p.addStyleTag({ content: '.mantine-Notifications-root { display: none !important; }' });
  const height = await p.evaluate('document.documentElement.scrollHeight') as number;
  await p.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await p.waitForTimeout(300);
  await p.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  await p.setViewportSize(viewport);
  await style.evaluate((el) => el.remove());
}

async function signIn(p: Page, email: string, password: string) {
  await p.goto(`${server.url}/login`);
  await field(p, 'Email').fill(email);
  await field(p, 'Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ({ server, browser, context, page, dataDir } = await startConsoleRun({ name: 'console', devApiKey, admin }));
});

afterAll(() => stopConsoleRun({ browser, server, dataDir }));

describe('console', () => {
  it('shows a clear error for a wrong password', async () => {
    const login = await scriptBytes(page, () => page.goto(`${server.url}/login`).then(() => undefined));
    expect(login.total, `login page JS (gzip): ${login.files.join(', ')}`).toBeLessThan(BUDGET);
    process.stdout.write(`login page JS: ${(login.total / 1024).toFixed(1)} kB gzip in ${login.files.length} files\n`);
    await field(page, 'Email').fill(admin.email);
    await field(page, 'Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Sign-in failed' });
    await expect(alert.textContent()).resolves.toContain('Email or password is incorrect');
    expect(page.url()).toContain('/login');
  });

  it('signs the first admin in to the dashboard within the JS budget', async () => {
    const fresh = await context.newPage();
    const loaded = await scriptBytes(fresh, async () => {
      await signIn(fresh, admin.email, admin.password);
      await fresh.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await fresh.getByText('Orders per day').waitFor();
    });
    expect(loaded.total, `dashboard JS (gzip): ${loaded.files.join(', ')}`).toBeLessThan(BUDGET);
    process.stdout.write(`first page JS, login → dashboard: ${(loaded.total / 1024).toFixed(1)} kB gzip in ${loaded.files.length} files\n`);
    await fresh.close();
    // Same context, so `page` shares the session cookie now.
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Administration').waitFor();
  });

  it('creates a location and a product', async () => {
    await page.getByRole('link', { name: 'Locations' }).click();
    await page.getByRole('button', { name: 'New location' }).click();
    const dlg = page.getByRole('dialog');
    await field(dlg, 'Code').fill('BER');
    await field(dlg, 'Name').fill('Berlin warehouse');
    await field(dlg, 'Street and number').fill('Lagerstraße 1');
    await field(dlg, 'Postal code').fill('10115');
    await field(dlg, 'City').fill('Berlin');
    await field(dlg, 'Country').fill('de');
    await field(dlg, 'Latitude').fill('52.52');
    await field(dlg, 'Longitude').fill('13.405');
    await dlg.getByRole('button', { name: 'Create location' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Locations' }).getByText('Berlin warehouse').waitFor();

    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('button', { name: 'New product' }).click();
    const p = page.getByRole('dialog');
    await field(p, 'SKU').fill('TEE-ORGANIC-M');
    await field(p, 'Name').fill('Organic cotton tee, M');
    // The API's own message appears next to the field: a bad GTIN check digit.
    await field(p, 'GTIN').fill('4006381333932');
    await field(p, 'Price').fill('24.90');
    await p.getByRole('button', { name: 'Create product' }).click();
    await p.getByText('Has a wrong check digit').waitFor();
    await field(p, 'GTIN').fill('4006381333931');
    await p.getByRole('button', { name: 'Create product' }).click();
    await p.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Products' }).getByText('Organic cotton tee, M').waitFor();
  });

  it('adjusts stock', async () => {
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('button', { name: 'Adjust stock' }).click();
    const dlg = page.getByRole('dialog');
    await field(dlg, 'SKU').fill('TEE-ORGANIC-M');
    await field(dlg, 'Change in units').fill('40');
    await field(dlg, 'Note').fill('Opening stock');
    await dlg.getByRole('button', { name: 'Adjust' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await expect(page.getByTestId('available-TEE-ORGANIC-M-BER').textContent()).resolves.toBe('40');
  });

  it('creates and edits a customer, with the API\'s field error next to the field', async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('button', { name: 'New customer' }).click();
    let dlg = page.getByRole('dialog');
    await field(dlg, 'Name').fill('Hedy Lamarr');
    await field(dlg, 'Email').fill('not-an-email');
    await dlg.getByRole('button', { name: 'Create customer' }).click();
    await dlg.getByText('must be an email address').waitFor();
    await field(dlg, 'Email').fill('hedy@example.com');
    await dlg.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('heading', { name: 'Hedy Lamarr' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    dlg = page.getByRole('dialog');
    await field(dlg, 'Phone').fill('+49 30 555 0101');
    await dlg.getByRole('button', { name: 'Save changes' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await page.getByText('+49 30 555 0101').waitFor();
  });

  it('finds an order placed through the API by search', async () => {
    await api('POST', '/api/v1/products', { sku: 'MUG-STONE', name: 'Stoneware mug', price: { amount: 1450, currency: 'EUR' } });
    await api('POST', '/api/v1/products', { sku: 'TOTE-CANVAS', name: 'Canvas tote bag', price: { amount: 1900, currency: 'EUR' } });
    await api('POST', '/api/v1/inventory/adjustments', { sku: 'MUG-STONE', locationCode: 'BER', delta: 60, reason: 'receipt' });
    await api('POST', '/api/v1/inventory/adjustments', { sku: 'TOTE-CANVAS', locationCode: 'BER', delta: 5, reason: 'receipt' });
    await api('PATCH', '/api/v1/inventory/levels/TOTE-CANVAS/BER', { reorderPoint: 8 });
    const address = { line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE', latitude: 52.517, longitude: 13.389 };
    const people = [
      ['Grace Hopper', 'pos'], ['Alan Turing', 'shopify'], ['Katherine Johnson', 'web'], ['Edsger Dijkstra', 'app'], ['Barbara Liskov', 'shopify'],
    ] as const;
    for (const [i, [name, channel]] of people.entries()) {
      await api('POST', '/api/v1/orders', {
        channel,
        customer: { email: `${name.split(' ')[0]!.toLowerCase()}@example.com`, name },
        shippingAddress: { name, ...address },
        lines: [{ sku: 'MUG-STONE', quantity: 1 + (i % 3) }],
      });
    }
    const order = await api<{ id: string; number: string }>('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      shippingAddress: { name: 'Ada Lovelace', ...address },
      lines: [
        { sku: 'TEE-ORGANIC-M', quantity: 3 },
        { sku: 'MUG-STONE', quantity: 2 },
      ],
      shipping: { amount: 495, currency: 'EUR' },
    });
    orderId = order.id;
    orderNumber = order.number;
    await api('POST', `/api/v1/orders/${(await api<{ items: Array<{ id: string }> }>('GET', '/api/v1/orders?q=Grace')).items[0]!.id}/holds`, { type: 'payment', reason: 'Card authorisation pending' });

    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('table', { name: 'Orders' }).getByText('Grace Hopper').waitFor();
    await shot(page, 'orders');
    await page.getByLabel('Search').fill(orderNumber);
    await page.waitForURL((u) => u.searchParams.get('q') === orderNumber);
    const table = page.getByRole('table', { name: 'Orders' });
    await table.getByRole('link', { name: orderNumber }).waitFor();
    await expect.poll(() => table.getByRole('row').count(), { timeout: 10_000 }).toBe(2); // header + the one match
    await table.getByRole('link', { name: orderNumber }).click();
    await page.getByRole('heading', { name: `Order ${orderNumber}` }).waitFor();
  });

  it('places and releases a hold, cancels a line, and the timeline and stock follow', async () => {
    await page.getByRole('button', { name: 'Place hold' }).click();
    let dlg = page.getByRole('dialog');
    await field(dlg, 'Reason').fill('Address needs checking');
    await dlg.getByRole('button', { name: 'Place hold' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await page.getByText('This order is on hold').waitFor();
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Hold placed', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Release' }).click();
    dlg = page.getByRole('dialog');
    await field(dlg, 'Release reason').fill('Address confirmed by phone');
    await dlg.getByRole('button', { name: 'Release hold' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await timeline.getByText('Hold released', { exact: true }).waitFor();
    await expect(page.getByText('This order is on hold').count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Cancel units of TEE-ORGANIC-M' }).click();
    dlg = page.getByRole('dialog');
    await field(dlg, 'Reason').fill('Customer changed their mind');
    await dlg.getByRole('button', { name: 'Cancel units' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await timeline.getByText('Items cancelled', { exact: true }).waitFor();
    await timeline.getByText(/3 × TEE-ORGANIC-M · 3 returned to stock/).waitFor();
    await page.getByTestId('line-TEE-ORGANIC-M').getByText('3 cancelled').waitFor();
    await page.getByTestId('order-total').waitFor();
    await shot(page, 'order-detail');

    await page.goto(`${server.url}/inventory?sku=TEE-ORGANIC-M`);
    await expect(page.getByTestId('available-TEE-ORGANIC-M-BER').textContent()).resolves.toBe('40');
    await page.goto(`${server.url}/inventory`);
    await page.getByTestId('available-TOTE-CANVAS-BER').waitFor();
    await shot(page, 'inventory');

    await page.goto(`${server.url}/`);
    await page.getByText('Orders by channel').waitFor();
    await page.getByTestId('tile-Orders today').waitFor();
    await page.waitForTimeout(800); // let chart animations settle before the screenshot
    await shot(page, 'dashboard');
  });

  it('keeps the audit log and money away from a warehouse user', async () => {
    await api('POST', '/api/v1/users', { email: warehouse.email, name: warehouse.name, role: 'warehouse', password: warehouse.password });
    const ctx = await browser.newContext({ viewport: { width: 820, height: 1180 } }); // a warehouse tablet
    const p = await ctx.newPage();
    p.setDefaultTimeout(10_000);
    try {
      await signIn(p, warehouse.email, warehouse.password);
      await p.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await expect(p.getByText('Revenue today').count()).resolves.toBe(0);
      await expect(p.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);

      await p.goto(`${server.url}/audit-log`);
      await p.getByText('You don’t have access to this page').waitFor();

      await p.goto(`${server.url}/orders/${orderId}`);
      await p.getByRole('heading', { name: `Order ${orderNumber}` }).waitFor();
      await p.getByRole('table', { name: 'Order lines' }).getByText('TEE-ORGANIC-M').waitFor();
      await expect(p.getByTestId('order-total').count()).resolves.toBe(0);
      await expect(p.getByText('€').count()).resolves.toBe(0);
      await expect(p.getByText('ada@example.com').count()).resolves.toBe(0);
      await p.getByText('Unter den Linden 5').waitFor(); // the address needed to ship stays

      await p.goto(`${server.url}/orders`);
      await p.getByRole('table', { name: 'Orders' }).getByText('Ada Lovelace').waitFor();
      await expect(p.getByRole('columnheader', { name: 'Total' }).count()).resolves.toBe(0);
      await p.goto(`${server.url}/inventory`);
      await p.getByTestId('available-TEE-ORGANIC-M-BER').waitFor();
      await shot(p, 'inventory-tablet-warehouse');
    } finally {
      await ctx.close();
    }
  });
});
