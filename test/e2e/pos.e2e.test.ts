/**
 * The point of sale in the console, end to end (issue 14, point 3): the real server (embedded PGlite in a
 * temp folder) serving the built console (`npm run build:web` first), driven by headless Chromium. A clerk
 * chooses the store, scans a GTIN and types a SKU into the cart, takes cash with the change due shown and
 * gets the receipt; the store's stock went down by what was sold (read through the API). Then one line of
 * that sale comes back at the counter and is refunded in cash.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Locator, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { apiCaller, field, signIn, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const root = new URL('../../', import.meta.url).pathname;
const shots = join(root, 'test-results');
const admin = { email: 'pos-admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_pos_key_0123456789abcdef';
const MUG = '4006381333931';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const api = apiCaller(() => `${server.url}/api/v1`, devApiKey);

async function choose(p: Page, scope: Page | Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await p.getByRole('option', { name: option, exact: true }).click();
}

const level = async (sku: string, loc: string) => (await api<{ items: Array<{ onHand: number; available: number }> }>('GET', `/inventory?sku=${sku}&locationCode=${loc}`)).items[0]!;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'pos', devApiKey, admin }));
  page.setDefaultTimeout(20_000); // a shared, loaded machine: password hashing and first chunk loads take a while
  await api('POST', '/locations', { code: 'BER', name: 'Berlin warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.405 });
  await api('POST', '/locations', { code: 'STO', name: 'Mitte store', type: 'store', canShip: false, canPickup: true, address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' }, latitude: 52.53, longitude: 13.41 });
  await api('POST', '/products', { sku: 'MUG-1', name: 'Enamel mug', gtin: MUG, price: { amount: 1990, currency: 'EUR' } });
  await api('POST', '/products', { sku: 'TEA-1', name: 'Green tea', price: { amount: 745, currency: 'EUR' } });
  await api('POST', '/inventory/adjustments', { sku: 'MUG-1', locationCode: 'STO', delta: 10, reason: 'receipt' });
  await api('POST', '/inventory/adjustments', { sku: 'TEA-1', locationCode: 'STO', delta: 6, reason: 'receipt' });
  await api('POST', '/inventory/adjustments', { sku: 'MUG-1', locationCode: 'BER', delta: 50, reason: 'receipt' });
}, 120_000);
afterAll(() => stopConsoleRun({ browser, server, dataDir }));

describe('point of sale console', () => {
  it('a cash sale with change due takes the store’s stock; one line comes back at the counter', async () => {
    await signIn(page, server.url, admin).catch(async (e: unknown) => {
      await page.screenshot({ path: join(shots, 'pos-sign-in-failed.png'), fullPage: true });
      throw e;
    });
    await page.getByRole('link', { name: 'Point of sale', exact: true }).click();
    await page.getByRole('heading', { name: 'Point of sale' }).waitFor();
    await choose(page, page, 'Store', 'STO · Mitte store');

    // Scan the mug twice (barcode), type the tea's SKU once.
    const scan = field(page, 'Scan or type SKU / barcode');
    for (const code of [MUG, MUG, 'TEA-1']) {
      await scan.fill(code);
      await scan.press('Enter');
      await expect.poll(() => scan.inputValue()).toBe('');
    }
    const cart = page.getByTestId('pos-cart');
    await cart.getByRole('row', { name: /TEA-1/ }).waitFor();
    expect(await cart.getByRole('row', { name: /MUG-1/ }).textContent()).toContain('10'); // available at STO
    expect(await page.getByLabel('Quantity of MUG-1').inputValue()).toBe('2');
    // 2 × 19.90 + 7.45 = 47.25
    expect(await page.getByTestId('pos-total').textContent()).toContain('47.25');

    await field(page, 'Cash tendered').fill('50');
    await page.getByTestId('pos-change').filter({ hasText: 'Change due: €2.75' }).waitFor();
    await page.getByRole('button', { name: /^Charge/ }).click();
    const receipt = page.getByTestId('pos-receipt');
    await receipt.waitFor();
    expect(await page.getByTestId('pos-receipt-change').textContent()).toContain('€2.75');
    const number = (await receipt.getByText(/^Receipt /).textContent())!.replace('Receipt ', '');
    await page.screenshot({ path: join(shots, 'pos-receipt.png'), fullPage: true });

    // The store's stock went down by what was sold; the warehouse kept its stock.
    expect(await level('MUG-1', 'STO')).toMatchObject({ onHand: 8, available: 8 });
    expect(await level('TEA-1', 'STO')).toMatchObject({ onHand: 5, available: 5 });
    expect((await level('MUG-1', 'BER')).onHand).toBe(50);
    const sale = await api<{ id: string; status: string; payment: { items: Array<{ provider: string; tendered: unknown; change: unknown }> } }>('GET', `/pos/receipts/${number}`);
    expect(sale.status).toBe('delivered');
    expect(sale.payment.items).toEqual([expect.objectContaining({ provider: 'cash', tendered: { amount: 5000, currency: 'EUR' }, change: { amount: 275, currency: 'EUR' } })]);

    // A return of the tea at the counter: find the sale, one unit, refund (in cash).
    await page.getByRole('button', { name: 'Next sale' }).click();
    await page.getByRole('tab', { name: 'Return' }).click();
    await field(page, 'Order number').fill(number);
    await field(page, 'Order number').press('Enter');
    await choose(page, page, 'Units of TEA-1 back', '1');
    await page.getByRole('button', { name: 'Take back and refund' }).click();
    await page.getByTestId('pos-return-result').filter({ hasText: '€7.45 refunded' }).waitFor();
    await page.screenshot({ path: join(shots, 'pos-return.png'), fullPage: true });

    expect(await level('TEA-1', 'STO')).toMatchObject({ onHand: 6 });
    const after = await api<{ items: Array<{ provider: string; refunded: { amount: number } }> }>('GET', `/orders/${sale.id}/payments`);
    expect(after.items[0]).toMatchObject({ provider: 'cash', refunded: { amount: 745 } });
  }, 120_000);
});
