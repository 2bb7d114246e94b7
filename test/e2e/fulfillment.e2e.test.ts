/**
 * The warehouse flow in the browser at tablet width (768 px): an order placed through the API shows up
 * as a fulfillment order; the picker starts picking, scans a wrong barcode (red error, nothing
 * counted), over-picks (refused), scans the right items like a keyboard-wedge scanner (type + Enter),
 * confirms the engraving, packs with the suggested box and hands off; the order is then shipped.
 * Real server (startServer on a temp PGlite folder) serving the built console; needs `npm run build:web`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const root = new URL('../../', import.meta.url).pathname;
const shots = join(root, 'test-results');
const devApiKey = 'ordo_e2e_dev_key_fulfil_0123456789';
const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };
const picker = { email: 'pia@shop.example', password: 'scanner-and-cart-1', name: 'Pia Picker' };
const MUG = '4006381333931';
const PEN = '036000291452';
const BOOK = '9780306406157';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;

const api = apiCaller(() => server.url, devApiKey);


beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'ful', devApiKey, admin, env: { ORDO_OUTBOX_POLL_MS: '50' }, context: { viewport: { width: 768, height: 1024 }, hasTouch: true } }));

  await api('POST', '/api/v1/locations', { code: 'BER', name: 'Berlin warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.4 });
  for (const p of [
    { sku: 'MUG-1', name: 'Enamel mug', gtin: MUG, weightGrams: 300, dimensionsMm: { length: 120, width: 90, height: 100 }, bin: 'B-02-10', customizationFields: [{ key: 'engraving', label: 'Engraving', type: 'text', required: false, maxLength: 40 }] },
    { sku: 'PEN-1', name: 'Fountain pen', gtin: PEN, weightGrams: 40, dimensionsMm: { length: 150, width: 20, height: 20 }, bin: 'A-01-3' },
    { sku: 'BOOK-1', name: 'Field notes', gtin: BOOK, weightGrams: 500, dimensionsMm: { length: 240, width: 170, height: 30 }, bin: 'C-01-1' },
  ]) {
    const { bin, ...body } = p;
    await api('POST', '/api/v1/products', { ...body, price: { amount: 1990, currency: 'EUR' } });
    await api('POST', '/api/v1/inventory/adjustments', { sku: p.sku, locationCode: 'BER', delta: 10, reason: 'receipt' });
    await api('PATCH', `/api/v1/inventory/levels/${p.sku}/BER`, { bin });
  }
  await api('POST', '/api/v1/boxes', { code: 'S', name: 'Small', dimensionsMm: { length: 200, width: 150, height: 100 }, maxWeightGrams: 2000, tareWeightGrams: 80 });
  await api('POST', '/api/v1/boxes', { code: 'M', name: 'Medium', dimensionsMm: { length: 300, width: 250, height: 150 }, maxWeightGrams: 5000, tareWeightGrams: 150 });
  await api('POST', '/api/v1/users', { email: picker.email, name: picker.name, role: 'warehouse', password: picker.password });
}, 120_000);

afterAll(() => stopConsoleRun({ browser, server, dataDir }));

/** Picks an option of a Mantine Select by its label. */
async function choose(scope: Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** What a keyboard-wedge scanner does: types the code into the focused field and presses Enter. */
async function wedgeScan(code: string) {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

describe('warehouse console: pick → scan → pack → hand-off', () => {
  it('runs the whole flow at tablet width with a scanner', async () => {
    const order = await api('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
      lines: [
        { sku: 'MUG-1', quantity: 2, unitPrice: { amount: 1990, currency: 'EUR' }, customization: { engraving: 'For Ada' } },
        { sku: 'PEN-1', quantity: 1, unitPrice: { amount: 1990, currency: 'EUR' } },
      ],
    });

    await page.goto(`${server.url}/login`);
    await field(page, 'Email').fill(picker.email);
    await field(page, 'Password').fill(picker.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    // The fulfillment order appears once the dispatcher has run the release handler.
    let number = '';
    for (let i = 0; i < 50 && !number; i++) {
      const list = await api('GET', `/api/v1/fulfillment-orders?orderId=${order.id}`);
      number = list.items[0]?.number ?? '';
      if (!number) await new Promise((r) => setTimeout(r, 100));
    }
    expect(number).toMatch(/^FO-\d{6}$/);
    await page.goto(`${server.url}/fulfillment`);
    const row = page.getByRole('row').filter({ hasText: number });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByRole('link', { name: number }).click();
    await page.getByRole('button', { name: 'Start picking' }).click();
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Picking');

    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('scan-input');

    // Wrong item: a real product that is not on this pick list.
    await wedgeScan(BOOK);
    const error = page.getByTestId('scan-error');
    await expect.poll(() => error.textContent()).toContain(`Wrong item: scanned ${BOOK} (SKU BOOK-1, Field notes) is not on this pick list`);
    expect(await page.evaluate("getComputedStyle(document.querySelector('[data-testid=scan-error]')).backgroundColor")).toMatch(/rgb\((2[0-9]{2}), ([0-9]{1,2}), ([0-9]{1,2})\)/); // red
    expect(await page.getByTestId('pick-progress').textContent()).toBe('0 / 3');
    await page.screenshot({ path: join(shots, 'fulfillment-scan-station-wrong-item-768.png'), fullPage: true });

    // A bad check digit, then the pen, then an over-pick of the pen.
    await wedgeScan('4006381333932');
    await expect.poll(() => error.textContent()).toContain('Not a valid barcode: check digit');
    await wedgeScan(PEN);
    await expect.poll(() => page.getByTestId('picked-PEN-1').textContent()).toBe('1 / 1');
    await wedgeScan(PEN);
    await expect.poll(() => page.getByTestId('scan-error').textContent()).toContain('Over-pick: line PEN-1 needs 1, 1 already picked');
    expect(await page.getByTestId('pick-progress').textContent()).toBe('1 / 3');

    // The focus stays in the scan field; two mugs (EAN-13 and SKU).
    await wedgeScan(MUG);
    await expect.poll(() => page.getByTestId('picked-MUG-1').textContent()).toBe('1 / 2');
    await wedgeScan('MUG-1');
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Picked');
    await expect.poll(() => page.getByTestId('pick-progress').textContent()).toBe('3 / 3');
    await page.screenshot({ path: join(shots, 'fulfillment-scan-station-768.png'), fullPage: true });

    // Packing waits for the engraving.
    const pack = page.getByRole('button', { name: 'Pack', exact: true });
    expect(await pack.isDisabled()).toBe(true);
    await page.getByTestId('step-engraving').getByRole('button', { name: 'Confirm done' }).click();
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Packing');
    await expect.poll(() => page.getByTestId('box-suggestion').textContent()).toContain('Suggested box: S');
    await expect.poll(() => pack.isDisabled()).toBe(false);
    await pack.click();
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Packed');
    await expect.poll(() => page.getByTestId('package').textContent()).toContain('Packed in S');
    const href = await page.getByRole('link', { name: /Packing slip/ }).getAttribute('href');
    const slip = await page.evaluate(`fetch(${JSON.stringify(href)}, { credentials: 'include' }).then((r) => ({ status: r.status, type: r.headers.get('content-type') }))`);
    expect(slip).toEqual({ status: 200, type: 'application/pdf' });
    await page.screenshot({ path: join(shots, 'fulfillment-pack-station-768.png'), fullPage: true });

    // The station's order: buy the label (step 1) above the hand-off (step 3).
    expect((await page.getByRole('button', { name: 'Buy label' }).boundingBox())!.y).toBeLessThan((await page.getByRole('button', { name: 'Hand off to shipping' }).boundingBox())!.y);
    await page.getByRole('button', { name: 'Hand off to shipping' }).click();
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Handed off');
    expect((await api('GET', `/api/v1/orders/${order.id}`)).status).toBe('shipped');
    await page.getByRole('link', { name: order.number }).click();
    await expect.poll(() => page.getByText('Shipped', { exact: true }).first().isVisible()).toBe(true);
  }, 120_000);

  it('store pickup: ready for pickup shows the code once; a wrong code is refused; the right one completes it', async () => {
    await api('POST', '/api/v1/locations', { code: 'STO', name: 'Mitte store', type: 'store', address: { line1: 'Alexanderplatz 1', city: 'Berlin', postalCode: '10178', country: 'DE' }, latitude: 52.52, longitude: 13.41, canShip: false, canPickup: true });
    await api('POST', '/api/v1/inventory/adjustments', { sku: 'PEN-1', locationCode: 'STO', delta: 3, reason: 'receipt' });
    const order = await api('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: 'grace@example.com', name: 'Grace Hopper' },
      shippingAddress: { name: 'Grace Hopper', line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' },
      lines: [{ sku: 'PEN-1', quantity: 1, unitPrice: { amount: 1990, currency: 'EUR' } }],
      delivery: { method: 'pickup', locationCode: 'STO' },
    });
    let id = '';
    for (let i = 0; i < 50 && !id; i++) {
      id = (await api('GET', `/api/v1/fulfillment-orders?orderId=${order.id}`)).items[0]?.id ?? '';
      if (!id) await new Promise((r) => setTimeout(r, 100));
    }
    await page.goto(`${server.url}/fulfillment/${id}`);
    await page.getByRole('button', { name: 'Start picking' }).click();
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('scan-input');
    await wedgeScan(PEN);
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Picked');
    await page.getByRole('button', { name: 'Pack', exact: true }).click();
    await page.getByRole('button', { name: 'Ready for pickup' }).click();
    const codeBox = page.getByTestId('pickup-code');
    await expect.poll(() => codeBox.textContent()).toMatch(/\d{6}/);
    const code = /(\d{6})/.exec((await codeBox.textContent()) ?? '')![1]!;
    const wrong = code === '000000' ? '000001' : '000000';

    const first = page.locator('input[inputmode="numeric"]').first();
    await first.click();
    await page.keyboard.type(wrong, { delay: 20 });
    await page.getByRole('button', { name: 'Handed to customer' }).click();
    await expect.poll(() => page.getByTestId('pickup-error').textContent()).toMatch(/^Wrong pickup code for FO-\d{6}$/);
    expect(await page.getByTestId('fo-status').first().textContent()).toBe('Ready for pickup');

    await first.click();
    await page.keyboard.type(code, { delay: 20 });
    await page.getByRole('button', { name: 'Handed to customer' }).click();
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Picked up');
    expect((await api('GET', `/api/v1/orders/${order.id}`)).status).toBe('delivered');
  }, 120_000);

  it('packs into two cartons with "Add carton" at tablet width; the balance guards the Pack button', async () => {
    const order = await api('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
      lines: [
        { sku: 'MUG-1', quantity: 2, unitPrice: { amount: 1990, currency: 'EUR' } },
        { sku: 'BOOK-1', quantity: 1, unitPrice: { amount: 1990, currency: 'EUR' } },
      ],
    });
    let id = '';
    for (let i = 0; i < 50 && !id; i++) {
      id = (await api('GET', `/api/v1/fulfillment-orders?orderId=${order.id}`)).items[0]?.id ?? '';
      if (!id) await new Promise((r) => setTimeout(r, 100));
    }
    await api('POST', `/api/v1/fulfillment-orders/${id}/start-picking`);
    await api('POST', `/api/v1/fulfillment-orders/${id}/scan`, { code: 'MUG-1', quantity: 2 });
    await api('POST', `/api/v1/fulfillment-orders/${id}/scan`, { code: 'BOOK-1' });

    await page.goto(`${server.url}/fulfillment/${id}`);
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Picked');
    await page.getByRole('button', { name: 'Add carton' }).click();
    const first = page.getByTestId('carton-1');
    const second = page.getByTestId('carton-2');
    const balance = page.getByTestId('carton-balance');
    const packButton = page.getByRole('button', { name: 'Pack 2 cartons' });
    // Carton 1 starts with every picked unit, carton 2 empty: packing waits for carton 2 to hold something.
    expect(await first.getByLabel('MUG-1').inputValue()).toBe('2');
    await expect.poll(() => balance.textContent()).toBe('Every carton needs at least one item');
    expect(await packButton.isDisabled()).toBe(true);
    // The book in carton 2 too: one book too many.
    await second.getByLabel('BOOK-1').fill('1');
    await expect.poll(() => balance.textContent()).toBe('1 × BOOK-1 too many');
    expect(await packButton.isDisabled()).toBe(true);
    await first.getByLabel('BOOK-1').fill('0');
    await expect.poll(() => balance.textContent()).toBe('Every picked unit is in a carton');
    expect(await packButton.isDisabled()).toBe(true); // carton 2 has no box yet
    await choose(first, 'Box', 'S — Small'); // the suggestion (M) was for everything in one box
    await choose(second, 'Box', 'M — Medium');
    await expect.poll(() => packButton.isDisabled()).toBe(false);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
    await page.screenshot({ path: join(shots, 'fulfillment-cartons-768.png'), fullPage: true });
    await packButton.click();

    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Packed');
    await expect.poll(() => page.getByTestId('package-1').textContent()).toBe('Package 1 of 2: S · 680 g · 200×150×100 mm · 2 × MUG-1');
    expect(await page.getByTestId('package-2').textContent()).toBe('Package 2 of 2: M · 650 g · 300×250×150 mm · 1 × BOOK-1');
    const fo = await api('GET', `/api/v1/fulfillment-orders/${id}`);
    expect(fo.packages.map((p: any) => [p.boxCode, p.contents.map((c: any) => [c.sku, c.quantity])])).toEqual([['S', [['MUG-1', 2]]], ['M', [['BOOK-1', 1]]]]);
    // The Buy label panel starts with one parcel per packed carton.
    await expect.poll(() => page.getByTestId('parcel-2').isVisible()).toBe(true);
    expect(await page.getByTestId('parcel-3').count()).toBe(0);
    expect(await page.getByTestId('parcel-2').getByLabel('Weight (g)').inputValue()).toBe('650');
    await page.screenshot({ path: join(shots, 'fulfillment-packed-cartons-768.png'), fullPage: true });
  }, 120_000);
});
