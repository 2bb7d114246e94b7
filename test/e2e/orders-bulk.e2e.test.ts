/**
 * Bulk actions on the console's orders list: a manager selects two orders, holds them with a reason,
 * releases them, prints pick lists for their open fulfillment orders, and the export link carries
 * the list's filters. Real server serving the built console; needs `npm run build:web`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const devApiKey = 'ordo_e2e_dev_key_orders_bulk_0123456789';
const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const api = apiCaller(() => server.url, devApiKey);
const orders: Array<{ id: string; number: string }> = [];

beforeAll(async () => {
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'bulk', devApiKey, admin, env: { ORDO_OUTBOX_POLL_MS: '50' } }));
  await api('POST', '/api/v1/locations', { code: 'BER', name: 'Berlin warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.4 });
  await api('POST', '/api/v1/products', { sku: 'MUG-1', name: 'Enamel mug', weightGrams: 300, price: { amount: 1990, currency: 'EUR' } });
  await api('POST', '/api/v1/inventory/adjustments', { sku: 'MUG-1', locationCode: 'BER', delta: 10, reason: 'receipt' });
  for (const name of ['Ada Lovelace', 'Grace Hopper']) {
    orders.push(
      await api('POST', '/api/v1/orders', {
        channel: 'web',
        customer: { email: `${name.split(' ')[0]!.toLowerCase()}@example.com`, name },
        shippingAddress: { name, line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
        lines: [{ sku: 'MUG-1', quantity: 1 }],
      }),
    );
  }
}, 120_000);

afterAll(() => stopConsoleRun({ browser, server, dataDir }));

const onHold = async () => (await api<{ items: Array<{ id: string }> }>('GET', '/api/v1/orders?onHold=true')).items.map((o) => o.id).sort();

describe('orders list bulk actions', () => {
  it('holds and releases the selected orders, prints their pick lists, and exports the filtered list', async () => {
    await page.goto(`${server.url}/login`);
    await field(page, 'Email').fill(admin.email);
    await field(page, 'Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/orders`);

    for (const o of orders) await page.getByRole('checkbox', { name: `Select ${o.number}` }).check();
    await page.getByText('2 selected').waitFor();
    await field(page, 'Reason').fill('Address check');
    await page.getByRole('button', { name: 'Hold' }).click();
    await page.getByText('2 held').waitFor();
    expect(await onHold()).toEqual(orders.map((o) => o.id).sort());
    const holds = await api<{ items: Array<{ type: string; reason: string }> }>('GET', `/api/v1/orders/${orders[0]!.id}/holds`);
    expect(holds.items[0]).toMatchObject({ type: 'manual', reason: 'Address check' });

    for (const o of orders) await page.getByRole('checkbox', { name: `Select ${o.number}` }).check();
    await page.getByRole('button', { name: 'Release' }).click();
    await page.getByText('2 released').waitFor();
    expect(await onHold()).toEqual([]);

    // Released → sourced → fulfillment orders at BER (the outbox runs every 50 ms).
    for (let i = 0; i < 100; i++) {
      const fos = await Promise.all(orders.map((o) => api<{ items: Array<{ status: string }> }>('GET', `/api/v1/fulfillment-orders?orderId=${o.id}`)));
      if (fos.every((f) => f.items.some((x) => x.status === 'open'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const o of orders) await page.getByRole('checkbox', { name: `Select ${o.number}` }).check();
    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Print pick lists' }).click();
    await (await popup).close();
    await page.getByText(/Pick list .* at BER: 2 fulfillment orders/).waitFor();
    const lists = await api<{ items: Array<{ locationCode: string }> }>('GET', '/api/v1/pick-lists?locationCode=BER');
    expect(lists.items).toHaveLength(1);

    await page.getByRole('textbox', { name: 'Channel' }).fill('web');
    await page.getByRole('textbox', { name: 'Channel' }).press('Enter');
    await expect.poll(() => page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe('/api/v1/exports/orders.csv?channel=web');
    const csv = await page.evaluate(async () => (await fetch('/api/v1/exports/orders.csv?channel=web')).text());
    expect(csv.trim().split('\r\n')).toHaveLength(3);
  });
});
