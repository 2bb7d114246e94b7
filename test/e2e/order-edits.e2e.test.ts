/**
 * Editing an order from the console in headless Chromium against the real server (startServer, temp
 * PGlite folder): a support agent opens an order, changes the quantity of a line, adds a line and
 * changes the shipping address in the edit dialog; the order shows the new quantities and version 2
 * with its diff. Once picking has started the same dialog is refused with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const devApiKey = 'ordo_e2e_dev_key_order_edits_0123456789';
const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };

let server: RunningServer;
let page: Page;
let run: Awaited<ReturnType<typeof startConsoleRun>> | undefined;
const api = apiCaller(() => server.url, devApiKey);

beforeAll(async () => {
  run = await startConsoleRun({ name: 'orderedits', devApiKey, admin, env: { ORDO_OUTBOX_POLL_MS: '50' } });
  ({ server, page } = run);
  await api('POST', '/api/v1/locations', { code: 'BER', name: 'Berlin warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.4 });
  for (const p of [
    { sku: 'MUG-1', name: 'Enamel mug', price: 1990 },
    { sku: 'PEN-1', name: 'Fountain pen', price: 2500 },
  ]) {
    await api('POST', '/api/v1/products', { sku: p.sku, name: p.name, weightGrams: 300, price: { amount: p.price, currency: 'EUR' } });
    await api('POST', '/api/v1/inventory/adjustments', { sku: p.sku, locationCode: 'BER', delta: 10, reason: 'receipt' });
  }
  await page.goto(`${server.url}/login`);
  await field(page, 'Email').fill(admin.email);
  await field(page, 'Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}, 120_000);

afterAll(async () => {
  await stopConsoleRun(run ?? {});
});

const placeOrder = () =>
  api<{ id: string; number: string }>('POST', '/api/v1/orders', {
    channel: 'phone',
    customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
    shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
    lines: [{ sku: 'MUG-1', quantity: 2 }],
  });

describe('editing an order from its page', () => {
  it('changes a quantity, adds a line and changes the address as one new version shown with its diff', async () => {
    const order = await placeOrder();
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByRole('heading', { name: `Order ${order.number}` }).waitFor();
    await page.getByRole('button', { name: 'Edit order' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit order ${order.number}` });
    await dialog.waitFor();
    await dialog.getByLabel('Quantity of MUG-1').fill('3');
    await dialog.getByRole('button', { name: 'Add line' }).click();
    await dialog.getByLabel('New line 1 SKU').fill('PEN-1');
    await dialog.getByLabel('New line 1 quantity').fill('1');
    await field(dialog, 'Street').fill('Friedrichstraße 100');
    await field(dialog, 'Postal code').fill('10117');
    await field(dialog, 'Reason').fill('Customer called');
    await dialog.getByRole('button', { name: 'Save edit' }).click();
    await page.getByText(`Order ${order.number} edited — version 2`).waitFor();
    await dialog.waitFor({ state: 'detached' });

    const versions = page.getByTestId('order-versions');
    await versions.getByText('MUG-1: 2 → 3').waitFor();
    await versions.getByText('Added 1 × PEN-1').waitFor();
    await versions.getByText(/Ship to Friedrichstraße 100, 10117 Berlin/).waitFor();
    expect(await versions.textContent()).toContain('Customer called');
    const stored = await api('GET', `/api/v1/orders/${order.id}`);
    expect(stored.lines.map((l: any) => [l.sku, l.quantity, l.quantities.allocated])).toEqual([
      ['MUG-1', 3, 3],
      ['PEN-1', 1, 1],
    ]);
    expect(stored.shippingAddress.line1).toBe('Friedrichstraße 100');
    expect(stored.totals.total).toEqual({ amount: 3 * 1990 + 2500, currency: 'EUR' });
  });

  it('shows the refusal with its reason once picking has started, and changes nothing', async () => {
    const order = await placeOrder();
    let fo: { id: string } | undefined;
    for (let i = 0; i < 100 && !fo; i++) {
      fo = (await api('GET', `/api/v1/fulfillment-orders?orderId=${order.id}`)).items[0];
      if (!fo) await new Promise((r) => setTimeout(r, 100));
    }
    expect(fo, 'a fulfillment order was released').toBeDefined();
    await api('POST', `/api/v1/fulfillment-orders/${fo!.id}/start-picking`);
    await page.goto(`${server.url}/orders/${order.id}`);
    await page.getByRole('heading', { name: `Order ${order.number}` }).waitFor();
    await page.getByRole('button', { name: 'Edit order' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit order ${order.number}` });
    await dialog.getByLabel('Quantity of MUG-1').fill('1');
    await dialog.getByRole('button', { name: 'Save edit' }).click();
    await page.getByText('The order can no longer be edited').waitFor();
    await page.getByText(/Picking has started for order/).first().waitFor();
    expect((await api('GET', `/api/v1/orders/${order.id}`)).lines[0].quantity).toBe(2);
    expect((await api('GET', `/api/v1/orders/${order.id}/versions`)).currentVersion).toBe(1);
  });
});
