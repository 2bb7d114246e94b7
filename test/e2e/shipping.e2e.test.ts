/**
 * Shipping in the console at tablet width: a packed fulfillment order (placed, picked and packed
 * through the API) gets a label with "Buy label"; the shipment page shows the S10 tracking number,
 * the rate comparison and label links; the label PDF reprints byte for byte and its barcode decodes
 * to the tracking number; voiding and buying again (re-label) gives a new number. The Buy label panel
 * with a chosen carrier/service and two parcels (client-side and server field errors at the parcel
 * input), and the order page's delivery promise.
 * Real server (startServer on a temp PGlite folder) serving the built console; needs `npm run build:web`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { getDocumentProxy } from 'unpdf';
import { startServer, type RunningServer } from '../../src/server.js';
import { isValidS10 } from '../../src/domain/shipping/tracking-numbers.js';
import { barcodesInPdf } from '../support/barcodes.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const root = new URL('../../', import.meta.url).pathname;
const shots = join(root, 'test-results');
const devApiKey = 'ordo_e2e_dev_key_shipping_0123456789';
const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };
const clerk = { email: 'sam@shop.example', password: 'labels-and-tape-1', name: 'Sam Shipper' };

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;

const api = apiCaller(() => server.url, devApiKey);
const bytes = async (path: string) => new Uint8Array(await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${devApiKey}` } })).arrayBuffer());

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'ship', devApiKey, admin, env: { ORDO_OUTBOX_POLL_MS: '50' }, context: { viewport: { width: 768, height: 1024 }, hasTouch: true } }));

  await api('POST', '/api/v1/locations', { code: 'BER', name: 'Berlin warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.4 });
  await api('POST', '/api/v1/products', { sku: 'MUG-1', name: 'Enamel mug', weightGrams: 300, dimensionsMm: { length: 120, width: 90, height: 100 }, price: { amount: 1990, currency: 'EUR' } });
  await api('POST', '/api/v1/inventory/adjustments', { sku: 'MUG-1', locationCode: 'BER', delta: 10, reason: 'receipt' });
  await api('POST', '/api/v1/boxes', { code: 'S', name: 'Small', dimensionsMm: { length: 200, width: 150, height: 100 }, maxWeightGrams: 2000, tareWeightGrams: 80 });
  await api('POST', '/api/v1/carriers', { code: 'ordo-post', name: 'Ordo Post', trackingPrefix: 'LX' });
  const calendar = { timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], holidays: [] };
  const rates = (f: number) => ({ currency: 'EUR', distanceZones: [{ maxKm: 100, zone: 'LOCAL' }, { maxKm: 1000, zone: 'NATIONAL' }], weightBreaks: [{ maxGrams: 5000, prices: { LOCAL: 450 * f, NATIONAL: 590 * f } }] });
  await api('POST', '/api/v1/carriers/ordo-post/services', { code: 'ground', name: 'Ground', level: 'standard', rates: rates(1), transitDays: 3, calendar });
  await api('POST', '/api/v1/carriers/ordo-post/services', { code: 'express', name: 'Express', level: 'express', rates: rates(2), transitDays: 1, calendar });
  await api('POST', '/api/v1/users', { email: clerk.email, name: clerk.name, role: 'warehouse', password: clerk.password });
}, 120_000);

let signedIn = false;
/** Signs the warehouse clerk in once; the later tests reuse the browser session. */
async function signIn() {
  if (signedIn) return;
  await page.goto(`${server.url}/login`);
  await field(page, 'Email').fill(clerk.email);
  await field(page, 'Password').fill(clerk.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/`);
  signedIn = true;
}

const shipTo = { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE', latitude: 52.517, longitude: 13.389 };

/** Places an order for `quantity` mugs and picks and packs its fulfillment order through the API. */
async function packedOrder(quantity: number) {
  const order = await api('POST', '/api/v1/orders', { channel: 'web', customer: { email: 'ada@example.com', name: 'Ada Lovelace' }, shippingAddress: shipTo, lines: [{ sku: 'MUG-1', quantity, unitPrice: { amount: 1990, currency: 'EUR' } }] });
  let fo: any;
  for (let i = 0; i < 50 && !fo; i++) {
    fo = (await api('GET', `/api/v1/fulfillment-orders?orderId=${order.id}`)).items[0];
    if (!fo) await new Promise((r) => setTimeout(r, 100));
  }
  expect(fo?.number).toMatch(/^FO-\d{6}$/);
  await api('POST', `/api/v1/fulfillment-orders/${fo.id}/start-picking`);
  for (let i = 0; i < quantity; i++) await api('POST', `/api/v1/fulfillment-orders/${fo.id}/scan`, { code: 'MUG-1' });
  const packed = await api('POST', `/api/v1/fulfillment-orders/${fo.id}/pack`, {});
  return { order, fo: packed };
}

/** Picks an option of a Mantine Select by its label. */
async function choose(scope: Locator | Page, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

afterAll(() => stopConsoleRun({ browser, server, dataDir }));

describe('shipping console: buy label, reprint, void and re-label', () => {
  it('buys a label for a packed fulfillment order and reprints it', async () => {
    const order = await api('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE', latitude: 52.517, longitude: 13.389 },
      lines: [{ sku: 'MUG-1', quantity: 1, unitPrice: { amount: 1990, currency: 'EUR' } }],
    });
    let fo: any;
    for (let i = 0; i < 50 && !fo; i++) {
      fo = (await api('GET', `/api/v1/fulfillment-orders?orderId=${order.id}`)).items[0];
      if (!fo) await new Promise((r) => setTimeout(r, 100));
    }
    expect(fo?.number).toMatch(/^FO-\d{6}$/);
    await api('POST', `/api/v1/fulfillment-orders/${fo.id}/start-picking`);
    await api('POST', `/api/v1/fulfillment-orders/${fo.id}/scan`, { code: 'MUG-1' });
    await api('POST', `/api/v1/fulfillment-orders/${fo.id}/pack`, {});

    await signIn();

    await page.goto(`${server.url}/fulfillment/${fo.id}`);
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Packed');
    // The pack station in its order: 1. buy the label, 2. print it, 3. hand off — Buy label above Hand off.
    const buyBox = await page.getByRole('button', { name: 'Buy label' }).boundingBox();
    const handOffBox = await page.getByRole('button', { name: 'Hand off to shipping' }).boundingBox();
    expect(buyBox!.y).toBeLessThan(handOffBox!.y);
    await page.getByRole('button', { name: 'Buy label' }).click();
    // Buying keeps the station open: the label is shown with its print button, above the hand-off.
    const stationLabel = page.getByTestId('station-label');
    await expect.poll(() => page.getByTestId('station-tracking').textContent()).toMatch(/^LX\d{9}DE$/);
    expect(page.url()).toBe(`${server.url}/fulfillment/${fo.id}`);
    expect(await page.getByRole('button', { name: 'Buy label' }).count()).toBe(0);
    const printBox = await stationLabel.getByRole('button', { name: 'Print label' }).boundingBox();
    expect(printBox!.y).toBeLessThan((await page.getByRole('button', { name: 'Hand off to shipping' }).boundingBox())!.y);
    const stationPdf = await stationLabel.getByTestId('station-label-pdf').getAttribute('href');
    expect(await page.evaluate(`fetch(${JSON.stringify(stationPdf)}, { credentials: 'include' }).then((r) => r.headers.get('content-type'))`)).toBe('application/pdf');
    // Headless Chromium has no printer: the label frame's print() is recorded instead of opening the dialog.
    await expect.poll(() => page.evaluate(`document.querySelector('iframe[title="Shipping label"]')?.contentDocument?.readyState`)).toBe('complete');
    await page.evaluate(`(() => { const w = document.querySelector('iframe[title="Shipping label"]').contentWindow; w.print = () => { window.__printed = (window.__printed ?? 0) + 1; }; })()`);
    await stationLabel.getByRole('button', { name: 'Print label' }).click();
    await expect.poll(() => stationLabel.getByRole('button', { name: 'Print again' }).count()).toBe(1);
    expect(await page.evaluate('window.__printed')).toBe(1);
    await page.screenshot({ path: join(shots, 'pack-station-label-768.png'), fullPage: true });
    // A reload finds the label again (it is the fulfillment order's live shipment).
    await page.reload();
    await expect.poll(() => page.getByTestId('station-tracking').textContent()).toMatch(/^LX\d{9}DE$/);
    await stationLabel.getByRole('link', { name: 'Shipment details' }).click();
    await page.waitForURL(/\/shipments\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('shipment-status').first().textContent()).toBe('Label purchased');
    const tracking = (await page.getByTestId('tracking-number').first().textContent())!.trim();
    expect(tracking).toMatch(/^LX\d{9}DE$/);
    expect(isValidS10(tracking)).toBe(true);
    // Rate comparison: both services, ground chosen (cheapest, no promise missed).
    const chosenRow = page.getByRole('row').filter({ hasText: 'chosen' });
    await expect.poll(() => chosenRow.textContent()).toContain('ground');
    expect(await page.getByRole('row').filter({ hasText: 'express' }).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'shipment-page-768.png'), fullPage: true });

    // Reprint: the console's link serves the same PDF every time, and its barcode is the tracking number.
    const href = await page.getByTestId('label-pdf').getAttribute('href');
    const fetched = await page.evaluate(`Promise.all([1, 2].map(() => fetch(${JSON.stringify(href)}, { credentials: 'include' }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: Array.from(new Uint8Array(await r.arrayBuffer())).join(',') }))))`) as Array<{ status: number; type: string; body: string }>;
    expect(fetched.map((f) => [f.status, f.type])).toEqual([[200, 'application/pdf'], [200, 'application/pdf']]);
    expect(fetched[0]!.body).toBe(fetched[1]!.body);
    const pdf = await bytes(href!);
    expect(Array.from(pdf).join(',')).toBe(fetched[0]!.body);
    expect((await barcodesInPdf(pdf)).map((b) => b.text)).toEqual([tracking]);
    const zplHref = await page.getByTestId('label-zpl').getAttribute('href');
    const zpl = await page.evaluate(`fetch(${JSON.stringify(zplHref)}, { credentials: 'include' }).then((r) => r.text())`);
    expect(zpl).toContain(`^FD${tracking}^FS`);

    // Void, then re-label from the fulfillment order.
    await page.getByRole('button', { name: 'Void' }).click();
    await field(page, 'Reason').fill('label smudged');
    await page.getByRole('button', { name: 'Void label' }).click();
    await expect.poll(() => page.getByTestId('shipment-status').first().textContent()).toBe('Voided');
    await page.getByRole('link', { name: fo.number }).click();
    await page.getByRole('button', { name: 'Buy label' }).click();
    await page.getByTestId('station-label').getByRole('link', { name: 'Shipment details' }).click();
    await page.waitForURL(/\/shipments\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('shipment-status').first().textContent()).toBe('Label purchased');
    const second = (await page.getByTestId('tracking-number').first().textContent())!.trim();
    expect(second).not.toBe(tracking);
    expect(isValidS10(second)).toBe(true);

    await page.goto(`${server.url}/shipments`);
    await expect.poll(() => page.getByRole('row').filter({ hasText: order.number }).count()).toBe(2);
    await page.screenshot({ path: join(shots, 'shipments-list-768.png'), fullPage: true });
  }, 120_000);
});

describe('buy label panel: carrier, service and several parcels', () => {
  it('buys a two-parcel label from a chosen built-in service, with parcel errors at their inputs', async () => {
    const { order, fo } = await packedOrder(2);
    expect(fo.status).toBe('packed');
    await signIn();
    await page.goto(`${server.url}/fulfillment/${fo.id}`);
    await expect.poll(() => page.getByTestId('fo-status').first().textContent()).toBe('Packed');

    // The editor starts with the packed package.
    const first = page.getByTestId('parcel-1');
    expect(await field(first, 'Weight (g)').inputValue()).toBe(String(fo.package.weightGrams));
    expect(await field(first, 'Length (mm)').inputValue()).toBe(String(fo.package.dimensionsMm.length));
    expect(await page.getByRole('combobox', { name: 'Carrier', exact: true }).inputValue()).toBe('Cheapest (built-in carriers)');

    await choose(page, 'Carrier', 'Ordo Post (built-in)');
    expect(await page.getByRole('combobox', { name: 'Level', exact: true }).count()).toBe(0); // a level only applies to rate shopping across carriers
    await choose(page, 'Service', 'Express (express)');
    await page.getByRole('button', { name: 'Add parcel' }).click();
    const second = page.getByTestId('parcel-2');
    await field(second, 'Weight (g)').fill('0');
    await field(second, 'Length (mm)').fill('200');
    await field(second, 'Width (mm)').fill('150');
    await field(second, 'Height (mm)').fill('100');

    // Weight 0: refused in the browser, at the second parcel's weight; nothing is sent.
    await page.getByRole('button', { name: 'Buy label' }).click();
    await expect.poll(() => field(second, 'Weight (g)').getAttribute('aria-invalid')).toBe('true');
    expect(await second.getByText('Must be a whole number above 0').count()).toBe(1);
    expect(await field(first, 'Weight (g)').getAttribute('aria-invalid')).not.toBe('true');
    expect((await api('GET', `/api/v1/shipments?orderId=${order.id}`)).items).toEqual([]);

    // 2 t passes the browser's check; the API's 400 (parcels.1.weightGrams) lands on the same input.
    await field(second, 'Weight (g)').fill('2000000');
    await expect.poll(() => field(second, 'Weight (g)').getAttribute('aria-invalid')).not.toBe('true');
    await page.getByRole('button', { name: 'Buy label' }).click();
    await expect.poll(() => second.getByText(/1000000/).count()).toBe(1);
    expect(await field(second, 'Weight (g)').getAttribute('aria-invalid')).toBe('true');
    expect(await first.getByText(/1000000/).count()).toBe(0);
    expect((await api('GET', `/api/v1/shipments?orderId=${order.id}`)).items).toEqual([]);
    await page.screenshot({ path: join(shots, 'buy-label-parcels-768.png'), fullPage: true });

    await field(second, 'Weight (g)').fill('450');
    await page.getByRole('button', { name: 'Buy label' }).click();
    await page.getByTestId('station-label').getByRole('link', { name: 'Shipment details' }).click();
    await page.waitForURL(/\/shipments\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('tracking-number').count()).toBe(2);
    const numbers = (await page.getByTestId('tracking-number').allTextContents()).map((t) => t.trim());
    expect(new Set(numbers).size).toBe(2);
    for (const n of numbers) expect(isValidS10(n)).toBe(true);
    const chosenRow = page.getByRole('row').filter({ hasText: 'chosen' });
    await expect.poll(() => chosenRow.textContent()).toContain('express');

    // One label PDF, one page per parcel, each page's barcode its parcel's tracking number.
    const shipment = await api('GET', `/api/v1/shipments?orderId=${order.id}`).then((r) => r.items[0]);
    expect(shipment.trackingNumbers).toEqual(numbers);
    const pdf = await bytes((await page.getByTestId('label-pdf').getAttribute('href'))!);
    expect((await getDocumentProxy(new Uint8Array(pdf))).numPages).toBe(2);
    expect((await barcodesInPdf(pdf, 1)).map((b) => b.text)).toEqual([numbers[0]]);
    expect((await barcodesInPdf(pdf, 2)).map((b) => b.text)).toEqual([numbers[1]]);
    const detail = await api('GET', `/api/v1/shipments/${shipment.id}`);
    expect(detail.parcels.map((p: any) => p.weightGrams)).toEqual([fo.package.weightGrams, 450]);
  }, 120_000);
});

describe('buy label panel: aggregator carriers', () => {
  it('shows a 503 as an alert with its detail, and records a label bought elsewhere', async () => {
    await api('POST', '/api/v1/carriers', { code: 'easypost-usps', name: 'USPS via EasyPost', adapter: 'easypost', trackingFormat: 'ups', trackingPrefix: 'US' });
    const { order, fo } = await packedOrder(1);
    await signIn();
    await page.goto(`${server.url}/fulfillment/${fo.id}`);
    await choose(page, 'Carrier', 'USPS via EasyPost (EasyPost)');
    await field(page, 'Service').fill('Priority');

    // No EASYPOST_API_KEY in this server: 503, shown with the problem's detail; nothing bought.
    await page.getByRole('button', { name: 'Buy label' }).click();
    await expect.poll(() => page.getByTestId('label-problem').textContent()).toContain('EASYPOST_API_KEY');
    expect((await api('GET', `/api/v1/shipments?orderId=${order.id}`)).items).toEqual([]);
    await page.screenshot({ path: join(shots, 'buy-label-aggregator-768.png'), fullPage: true });

    // Secondary action: record the label bought at the provider's own site.
    await page.getByRole('button', { name: 'Record a label bought elsewhere' }).click();
    await page.getByRole('button', { name: 'Record label' }).click();
    await expect.poll(() => field(page, 'Tracking number').getAttribute('aria-invalid')).toBe('true');
    await field(page, 'Tracking number').fill('9400111899562537866361');
    await page.getByRole('button', { name: 'Record label' }).click();
    await expect.poll(() => page.getByTestId('station-label').textContent()).toContain('Label bought outside Ordo');
    await page.getByTestId('station-label').getByRole('link', { name: 'Shipment details' }).click();
    await page.waitForURL(/\/shipments\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('tracking-number').allTextContents()).toEqual(['9400111899562537866361']);
    const [shipment] = (await api('GET', `/api/v1/shipments?orderId=${order.id}`)).items;
    expect([shipment.carrier, shipment.service, shipment.labelSource]).toEqual(['easypost-usps', 'priority', 'external']);
    expect(await page.getByTestId('label-pdf').count()).toBe(0);
    await api('PATCH', '/api/v1/carriers/easypost-usps', { active: false });
  }, 120_000);
});

describe('order page: delivery promise', () => {
  it('shows the promised date GET /orders/{id}/promise returns, and "No promise yet" without one', async () => {
    const { order } = await packedOrder(1);
    await signIn();
    // The promise is stored by an outbox handler after placement; the page shows what the API says.
    await expect.poll(async () => (await fetch(`${server.url}/api/v1/orders/${order.id}/promise`, { headers: { authorization: `Bearer ${devApiKey}` } })).status, { timeout: 20_000 }).toBe(200);
    await expect
      .poll(async () => {
        const promise = await api('GET', `/api/v1/orders/${order.id}/promise`);
        await page.goto(`${server.url}/orders/${order.id}`);
        const shown = page.getByTestId('promise-date');
        await shown.waitFor();
        return (await shown.getAttribute('data-date')) === promise.promisedDate;
      }, { timeout: 30_000 })
      .toBe(true);
    const promise = await api('GET', `/api/v1/orders/${order.id}/promise`);
    const card = page.getByTestId('order-promise');
    const day = Number(promise.promisedDate.slice(8, 10));
    expect(await page.getByTestId('promise-date').textContent()).toMatch(new RegExp(`\\b${day}\\b.*${promise.promisedDate.slice(0, 4)}`));
    expect(await card.textContent()).toContain(`${promise.carrier} · ${promise.service}`);
    expect(await card.textContent()).toContain(promise.locationCode);
    await page.screenshot({ path: join(shots, 'order-promise-768.png'), fullPage: true });

    // Nothing allocated (no stock, backordered): no promise, which is not an error.
    await api('POST', '/api/v1/products', { sku: 'LAMP-1', name: 'Desk lamp', weightGrams: 900, price: { amount: 3990, currency: 'EUR' } });
    const backordered = await api('POST', '/api/v1/orders', { channel: 'web', inventoryPolicy: 'backorder', customer: { email: 'ada@example.com', name: 'Ada Lovelace' }, shippingAddress: shipTo, lines: [{ sku: 'LAMP-1', quantity: 1, unitPrice: { amount: 3990, currency: 'EUR' } }] });
    await page.goto(`${server.url}/orders/${backordered.id}`);
    await expect.poll(() => page.getByTestId('order-promise').textContent(), { timeout: 10_000 }).toContain('No promise yet');
    expect(await page.getByTestId('order-promise').getByRole('alert').count()).toBe(0);
  }, 120_000);
});
