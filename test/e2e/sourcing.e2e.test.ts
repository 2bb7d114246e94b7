/**
 * Sourcing in the console, end to end: the real server (embedded PGlite in a temp folder) with the
 * built console, headless Chromium. An API-placed split order shows its explained plan on the order
 * page; a what-if run shows the comparison table. Needs `npm run build:web` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { type RunningServer } from '../../src/server.js';
import { apiCaller, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_dev_key_0123456789abcdef';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;

const api = apiCaller(() => server.url, devApiKey);

const location = (code: string, name: string, latitude: number, longitude: number) =>
  api('POST', '/api/v1/locations', { code, name, type: 'warehouse', address: { line1: 'Hof 1', city: name, postalCode: '10115', country: 'DE' }, latitude, longitude });

beforeAll(async () => {
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'src', devApiKey, admin, context: { viewport: { width: 1280, height: 900 } } }));
  page.setDefaultTimeout(15_000);
});

afterAll(() => stopConsoleRun({ browser, server, dataDir }));

describe('sourcing console', () => {
  let order: any;

  it('shows the explanation of an API-placed split order on the order page', async () => {
    await location('BER1', 'Berlin', 52.52, 13.405);
    await location('BER2', 'Berlin North', 52.56, 13.38);
    await location('MUC', 'Munich', 48.137, 11.575);
    for (const sku of ['LAMP', 'VASE']) await api('POST', '/api/v1/products', { sku, name: sku === 'LAMP' ? 'Desk lamp' : 'Vase', price: { amount: 3900, currency: 'EUR' }, weightGrams: 800 });
    const stock = (sku: string, locationCode: string, delta: number) => api('POST', '/api/v1/inventory/adjustments', { sku, locationCode, delta, reason: 'receipt' });
    await stock('LAMP', 'BER1', 1);
    await stock('LAMP', 'BER2', 1);
    await stock('LAMP', 'MUC', 5);
    // cheap base rate, no split penalty: two near shipments beat one from Munich
    const EUR = (amount: number) => ({ amount, currency: 'EUR' });
    await api('PUT', '/api/v1/sourcing/settings', { splitPenalty: EUR(0), neverSplitBelow: null, maxLocationsPerOrder: null, exactCandidateLimit: 12, exactStepBudget: 200000, shippingBase: EUR(100), shippingPerKm: EUR(1), shippingPerKg: EUR(50) });
    order = await api('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      shippingAddress: { name: 'Ada', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE', latitude: 52.517, longitude: 13.389 },
      lines: [{ sku: 'LAMP', quantity: 2 }],
    });
    expect(order.lines[0].allocations).toEqual([{ locationCode: 'BER1', quantity: 1 }, { locationCode: 'BER2', quantity: 1 }]);

    await page.goto(`${server.url}/login`);
    await page.getByLabel(/^Email/).fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${server.url}/orders/${order.id}`);
    const card = page.getByLabel('Sourcing');
    await expect.poll(() => card.getByTestId('sourcing-chosen').count()).toBe(2);
    const chosen = await card.getByTestId('sourcing-chosen').allInnerTexts();
    expect(chosen[0]).toContain('BER1');
    expect(chosen[0]).toContain('1 × LAMP');
    expect(chosen[1]).toContain('BER2');
    const rejected = await card.getByTestId('sourcing-rejected').allInnerTexts();
    expect(rejected.join('\n')).toMatch(/MUC \(\d+ km\) — dearer than chosen plan by \d+/);
    await expect.poll(() => card.getByText('Exact optimum').count()).toBe(1);
    await expect.poll(() => page.getByText(/from BER1 \(1\), BER2 \(1\)/).count()).toBe(1);
  });

  it('runs a what-if with a higher split penalty and shows the comparison', async () => {
    await page.getByRole('link', { name: 'Sourcing → What-if' }).click();
    await page.waitForURL((u) => u.pathname === '/sourcing/what-if');
    await page.getByLabel('Split penalty (EUR)').fill('50.00');
    await page.getByRole('button', { name: 'Run what-if' }).click();
    const rows = page.getByTestId('whatif-orders').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const row = await rows.first().innerText();
    expect(row).toContain(order.number);
    expect(row).toContain('BER1 + BER2'); // today: split
    expect(row).toMatch(/\tMUC\t/); // what-if: one shipment from Munich
    const totals = await page.getByTestId('whatif-totals').innerText();
    expect(totals).toMatch(/Current[\s\S]*What-if/);
    await expect.poll(() => page.getByText(/^1 orders: (saving|extra cost)/).count()).toBe(1);
  });

  it('edits the sourcing attributes of a location in the location form', async () => {
    await page.goto(`${server.url}/locations`);
    await page.getByRole('row').filter({ hasText: 'Berlin North' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Handling per shipment (EUR)').fill('2.10');
    await dialog.getByLabel('Max item weight (g)').fill('15000');
    await dialog.getByLabel('Tariff per shipment (EUR)').fill('3.00');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => dialog.getByText('Fill in all three tariff fields, or none to use the global tariff').count()).toBe(1);
    await dialog.getByLabel('Tariff per km (EUR)').fill('0.02');
    await dialog.getByLabel('Tariff per kg (EUR)').fill('0.40');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const loc = await api('GET', '/api/v1/locations/BER2');
    expect(loc.sourcing).toMatchObject({
      handlingCostPerOrder: { amount: 210, currency: 'EUR' },
      maxItemWeightGrams: 15000,
      shippingTariff: { base: { amount: 300, currency: 'EUR' }, perKm: { amount: 2, currency: 'EUR' }, perKg: { amount: 40, currency: 'EUR' } },
    });
  });
});
