/**
 * Fraud review in the console, end to end: the real server (startServer, embedded PGlite in a temp
 * folder) serving the built console (`npm run build:web` first), driven by headless Chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const root = new URL('../../', import.meta.url).pathname;
const admin = { email: 'risk-admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_risk_key_0123456789abcdef';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;

const api = apiCaller(() => `${server.url}/api/v1`, devApiKey);


beforeAll(async () => {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'risk', devApiKey, admin }));
}, 60_000);

afterAll(() => stopConsoleRun({ browser, server, dataDir }));

describe('fraud review console', () => {
  let orderId = '';
  let orderNumber = '';

  it('shows a risky order placed via the API in the queue with its reasons', async () => {
    await api('POST', '/locations', { code: 'WH', name: 'Warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.405 });
    await api('POST', '/products', { sku: 'WATCH', name: 'Watch', price: { amount: 19900, currency: 'EUR' } });
    await api('POST', '/inventory/adjustments', { sku: 'WATCH', locationCode: 'WH', delta: 5, reason: 'receipt' });
    await api('POST', '/risk/blocklist', { kind: 'email', value: 'fraudster@mailinator.com', reason: 'chargebacks' });
    const order = await api<{ id: string; number: string; holds: unknown[] }>('POST', '/orders', {
      channel: 'web',
      customer: { email: 'fraudster@mailinator.com', name: 'Frank Fraud' },
      shippingAddress: { line1: 'Somewhere 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
      lines: [{ sku: 'WATCH', quantity: 1 }],
    });
    expect(order.holds).toHaveLength(1);
    orderId = order.id;
    orderNumber = order.number;

    await page.goto(`${server.url}/login`);
    await field(page, 'Email').fill(admin.email);
    await field(page, 'Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Fraud review' }).click();
    await page.getByRole('heading', { name: 'Fraud review' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: orderNumber });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('mailinator.com is a disposable email service');
    expect(text).toContain('The customer’s email address is on the blocklist');
    expect(text).toContain('100');
    await page.screenshot({ path: join(root, 'test-results', 'risk-review-queue.png'), fullPage: true });
    // Tablet width: the queue and its actions stay usable.
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('button', { name: `Release ${orderNumber}` }).scrollIntoViewIfNeeded();
    expect(await page.getByRole('button', { name: `Release ${orderNumber}` }).isVisible()).toBe(true);
    await page.screenshot({ path: join(root, 'test-results', 'risk-review-queue-tablet.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('releasing it from the console removes it from the queue; the order page shows the hold released', async () => {
    await page.getByRole('button', { name: `Release ${orderNumber}` }).click();
    const dlg = page.getByRole('dialog');
    await field(dlg, 'Note').fill('Customer verified by phone');
    await dlg.getByRole('button', { name: 'Release order' }).click();
    await page.getByText('Nothing to review').waitFor();
    expect(await page.getByRole('row').filter({ hasText: orderNumber }).count()).toBe(0);

    const held = await api<{ holds: Array<{ releasedAt: string | null; releaseReason: string | null }> }>('GET', `/orders/${orderId}`);
    expect(held.holds[0]!.releasedAt).not.toBeNull();
    expect(held.holds[0]!.releaseReason).toContain('Customer verified by phone');

    await page.goto(`${server.url}/orders/${orderId}`);
    await page.getByRole('heading', { name: `Order ${orderNumber}` }).waitFor();
    await page.getByTestId('timeline').getByText('Fraud hold released').waitFor();
    expect(await page.getByText('This order is on hold').count()).toBe(0);
    const risk = page.getByLabel('Risk', { exact: true });
    await risk.getByText('is on the blocklist').waitFor();
    expect(await risk.getByLabel('Risk score 100').count()).toBe(1);
    await page.screenshot({ path: join(root, 'test-results', 'risk-order-page.png'), fullPage: true });
  });

  it('adds a blocklist entry from the console', async () => {
    await page.getByRole('link', { name: 'Blocklist' }).click();
    await page.getByRole('heading', { name: 'Blocklist' }).waitFor();
    await page.getByRole('button', { name: 'Add entry' }).click();
    const dlg = page.getByRole('dialog');
    await field(dlg, 'Email').fill('Mule@Example.com');
    await field(dlg, 'Reason').fill('Reshipping mule');
    await dlg.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('row').filter({ hasText: 'mule@example.com' }).waitFor();
    const list = await api<{ items: Array<{ kind: string; value: string; reason: string }> }>('GET', '/risk/blocklist?kind=email');
    expect(list.items.map((i) => [i.value, i.reason])).toContainEqual(['mule@example.com', 'Reshipping mule']);
  });

  it('changes the threshold and switches a rule off on the risk settings page', async () => {
    await page.getByRole('link', { name: 'Risk settings' }).click();
    await page.getByRole('heading', { name: 'Risk settings' }).waitFor();
    const threshold = field(page, 'Hold threshold');
    await threshold.fill('75');
    await page.getByLabel('Billing and shipping country differ enabled').click({ force: true });
    await page.getByLabel('Disposable email domain points').fill('40');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Risk settings saved').waitFor();
    await page.screenshot({ path: join(root, 'test-results', 'risk-settings.png'), fullPage: true });
    const s = await api<{ threshold: number; rules: Record<string, { enabled: boolean; points: number }> }>('GET', '/risk/settings');
    expect(s.threshold).toBe(75);
    expect(s.rules.countryMismatch!.enabled).toBe(false);
    expect(s.rules.disposableEmail!.points).toBe(40);
  });
});
