/**
 * Returns in the console, end to end (issue 13, acceptance 6): the real server (embedded PGlite in a temp
 * folder) serving the built console (`npm run build:web` first), driven by headless Chromium. An order is
 * collected at a store through the API; a support agent creates a return of one unit from the order page
 * and approves it; a warehouse user at tablet width (1024×768) receives it at the receiving station:
 * return number, GTIN scan, condition, disposition "restock" → completed, refunded, stock back on hand.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Locator, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const root = new URL('../../', import.meta.url).pathname;
const shots = join(root, 'test-results');
const admin = { email: 'returns-admin@shop.example', password: 'correct-horse-battery' };
const agent = { email: 'agent@shop.example', name: 'Sam Support', password: 'agent-password-123' };
const clerk = { email: 'clerk@shop.example', name: 'Wanda Warehouse', password: 'clerk-password-123' };
const devApiKey = 'ordo_e2e_returns_key_0123456789abcdef';
const MUG = '4006381333931';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const api = apiCaller(() => `${server.url}/api/v1`, devApiKey);

/** Polls an API read until `pick` returns a value (the outbox dispatcher runs in the background). */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('never became true');
}

async function signIn(p: Page, who: { email: string; password: string }) {
  await p.goto(`${server.url}/login`);
  await field(p, 'Email').fill(who.email);
  await field(p, 'Password').fill(who.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** Picks an option of a Mantine Select by its accessible name. */
async function choose(p: Page, scope: Page | Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await p.getByRole('option', { name: option, exact: true }).click();
}

const onHand = async (sku: string, loc: string) => (await api<{ items: Array<{ onHand: number }> }>('GET', `/inventory?sku=${sku}&locationCode=${loc}`)).items[0]?.onHand ?? 0;

/** An order collected at the store STO: placed, picked, packed, ready for pickup, picked up → delivered. */
async function deliveredOrder() {
  const o = await api<{ id: string; number: string }>('POST', '/orders', {
    channel: 'web',
    customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
    shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE', latitude: 52.517, longitude: 13.389 },
    delivery: { method: 'pickup', locationCode: 'STO' },
    lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: { amount: 1990, currency: 'EUR' } }],
  });
  const f = await eventually(async () => (await api<{ items: Array<{ id: string }> }>('GET', `/fulfillment-orders?orderId=${o.id}`)).items[0]);
  await api('POST', `/fulfillment-orders/${f.id}/start-picking`);
  await api('POST', `/fulfillment-orders/${f.id}/scan`, { code: MUG, quantity: 2 });
  await api('POST', `/fulfillment-orders/${f.id}/pack`, {});
  const ready = await api<{ code: string }>('POST', `/fulfillment-orders/${f.id}/ready-for-pickup`);
  await api('POST', `/fulfillment-orders/${f.id}/picked-up`, { code: ready.code });
  await eventually(async () => ((await api<{ status: string }>('GET', `/orders/${o.id}`)).status === 'delivered' ? true : undefined));
  return o;
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'returns', devApiKey, admin, env: { ORDO_OUTBOX_POLL_MS: '50' } }));
  await api('POST', '/locations', { code: 'BER', name: 'Berlin warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.405 });
  await api('POST', '/locations', { code: 'STO', name: 'Mitte store', type: 'store', canShip: false, canPickup: true, address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' }, latitude: 52.53, longitude: 13.41 });
  await api('POST', '/products', { sku: 'MUG-1', name: 'Enamel mug', gtin: MUG, weightGrams: 300, dimensionsMm: { length: 120, width: 90, height: 100 }, price: { amount: 1990, currency: 'EUR' } });
  await api('POST', '/inventory/adjustments', { sku: 'MUG-1', locationCode: 'STO', delta: 10, reason: 'receipt' });
  await api('POST', '/boxes', { code: 'S', name: 'Small', dimensionsMm: { length: 200, width: 150, height: 100 }, maxWeightGrams: 2000, tareWeightGrams: 80 });
  await api('POST', '/users', { email: agent.email, name: agent.name, role: 'support', password: agent.password });
  await api('POST', '/users', { email: clerk.email, name: clerk.name, role: 'warehouse', password: clerk.password });
}, 120_000);
afterAll(() => stopConsoleRun({ browser, server, dataDir }));

describe('returns console', () => {
  it('an agent creates and approves a return; a warehouse user receives and grades it at tablet width', async () => {
    const order = await deliveredOrder();

    // The agent: order page → "Create return" → 1 unit, reason, refund → the return page → approve.
    await signIn(page, agent);
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByRole('button', { name: 'Create return' }).click();
    const dlg = page.getByRole('dialog');
    await choose(page, dlg, 'Units of MUG-1', '1');
    await choose(page, dlg, 'Reason for MUG-1', 'Wrong size');
    await dlg.getByRole('button', { name: 'Create return' }).click();
    await page.getByRole('heading', { name: /^Return R-/ }).waitFor();
    expect(await page.getByTestId('return-status').first().textContent()).toBe('Requested');
    const returnId = page.url().split('/').at(-1)!;
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByTestId('return-status').filter({ hasText: 'Approved' }).waitFor();
    const approved = await api<{ number: string; status: string; lines: Array<{ sku: string; quantity: number; reason: string }> }>('GET', `/returns/${returnId}`);
    expect(approved).toMatchObject({ status: 'approved', lines: [{ sku: 'MUG-1', quantity: 1, reason: 'wrong_size' }] });
    await page.screenshot({ path: join(shots, 'return-page.png'), fullPage: true });

    // The warehouse user on a tablet: receiving station.
    const before = await onHand('MUG-1', 'STO');
    const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
    const bench = await tablet.newPage();
    bench.setDefaultTimeout(10_000);
    try {
      await signIn(bench, clerk);
      await bench.getByRole('link', { name: 'Returns', exact: true }).click();
      await bench.getByRole('link', { name: 'Receiving station' }).click();
      await field(bench, 'Return number').fill(approved.number);
      await field(bench, 'Return number').press('Enter');
      await bench.getByText('Expected SKU').waitFor();
      await choose(bench, bench, 'Receiving location', 'STO · Mitte store');
      await field(bench, 'Item code').fill(MUG);
      await field(bench, 'Item code').press('Enter');
      const item = bench.getByTestId('receive-item');
      await item.waitFor();
      await choose(bench, item, 'Condition', 'Like new');
      await choose(bench, item, 'Disposition', 'Restock');
      await bench.getByRole('button', { name: 'Receive', exact: true }).click();
      await bench.getByTestId('receive-result').filter({ hasText: 'Received: Completed' }).waitFor();
      expect(await bench.getByTestId('return-status').first().textContent()).toBe('Completed');
      await bench.screenshot({ path: join(shots, 'receiving-station.png'), fullPage: true });
    } finally {
      await tablet.close();
    }

    const done = await api<{ status: string }>('GET', `/returns/${returnId}`);
    expect(done.status).toBe('completed');
    expect(await onHand('MUG-1', 'STO')).toBe(before + 1);
    const o = await api<{ lines: Array<{ quantities: { returned: number } }> }>('GET', `/orders/${order.id}`);
    expect(o.lines[0]!.quantities.returned).toBe(1);
  }, 90_000);
});
