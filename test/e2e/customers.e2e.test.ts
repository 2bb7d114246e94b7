/**
 * Customer service in the console, end to end: notes with @mentions on an order and a customer, tags,
 * and merging two customers (orders move, undo brings them back). The real server (startServer, embedded
 * PGlite in a temp folder) serving the built console (`npm run build:web` first), headless Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const admin = { email: 'c360-admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_customers_key_0123456789abcdef';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const api = apiCaller(() => `${server.url}/api/v1`, devApiKey);

beforeAll(async () => {
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'customers', devApiKey, admin }));
}, 60_000);
afterAll(() => stopConsoleRun({ browser, server, dataDir }));

type Order = { id: string; number: string; customer: { id: string } };
const place = (email: string, name: string) =>
  api<Order>('POST', '/orders', {
    channel: 'web',
    customer: { email, name },
    shippingAddress: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' },
    lines: [{ sku: 'MUG', quantity: 1 }],
  });

describe('customer service console', () => {
  let current: Order;
  let second: Order;
  let old: Order;

  it('adds a note with a mention and a tag to an order', async () => {
    await api('POST', '/locations', { code: 'WH', name: 'Warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.405 });
    await api('POST', '/products', { sku: 'MUG', name: 'Mug', price: { amount: 1290, currency: 'EUR' } });
    await api('POST', '/inventory/adjustments', { sku: 'MUG', locationCode: 'WH', delta: 20, reason: 'receipt' });
    current = await place('maria@example.com', 'Maria Rossi');
    second = await place('maria@example.com', 'Maria Rossi');
    old = await place('maria.rossi.old@example.com', 'Maria R.');

    await page.goto(`${server.url}/login`);
    await field(page, 'Email').fill(admin.email);
    await field(page, 'Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 30_000 });

    await page.goto(`${server.url}/orders/${current.id}`);
    const panel = page.getByTestId('notes-panel');
    await panel.getByLabel('Add a note').fill('Parcel arrived damaged, @c360-admin please call her back.');
    await panel.getByRole('button', { name: 'Add note' }).click();
    const note = panel.getByTestId('note').filter({ hasText: 'Parcel arrived damaged' });
    await note.waitFor();
    await note.getByText('@c360-admin', { exact: true }).last().waitFor();
    const notes = await api<{ items: Array<{ body: string; mentions: Array<{ handle: string }>; author: { type: string } }> }>('GET', `/orders/${current.id}/notes`);
    expect(notes.items).toHaveLength(1);
    expect(notes.items[0]).toMatchObject({ mentions: [{ handle: 'c360-admin' }], author: { type: 'user' } });

    const tags = page.getByTestId('tags-input');
    await tags.fill('rush');
    await tags.press('Enter');
    await expect.poll(async () => (await api<{ tags: string[] }>('GET', `/orders/${current.id}/tags`)).tags).toEqual(['rush']);
  });

  it('adds a note with a mention to a customer', async () => {
    await page.goto(`${server.url}/customers/${current.customer.id}`);
    await page.getByRole('heading', { name: 'Maria Rossi' }).waitFor();
    await page.getByRole('tab', { name: /Notes/ }).click();
    const panel = page.getByTestId('notes-panel');
    await panel.getByLabel('Add a note').fill('Prefers phone calls; @c360-admin knows her.');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel.getByTestId('note').filter({ hasText: 'Prefers phone calls' }).waitFor();
    const notes = await api<{ items: Array<{ mentions: Array<{ handle: string }> }> }>('GET', `/customers/${current.customer.id}/notes`);
    expect(notes.items.map((n) => n.mentions)).toEqual([[{ handle: 'c360-admin', userId: expect.any(String) }]]);
  });

  it('merges two customers, shows the orders moved, and undoes the merge', async () => {
    await page.getByRole('tab', { name: /Orders/ }).click();
    const orders = page.getByRole('table', { name: 'Orders of this customer' });
    await orders.getByRole('row').filter({ hasText: second.number }).waitFor();
    expect(await orders.getByRole('row').filter({ hasText: old.number }).count()).toBe(0);

    await page.getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Find the other customer').fill('rossi.old');
    await dialog.getByRole('radio', { name: /maria\.rossi\.old@example\.com/ }).check();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByRole('button', { name: 'Merge customers' }).click();
    await dialog.waitFor({ state: 'detached' });

    await orders.getByRole('row').filter({ hasText: old.number }).waitFor();
    await expect.poll(async () => (await page.getByTestId('figure-orders').textContent()) ?? '').toContain('3');
    const moved = await api<{ items: Array<{ id: string }> }>('GET', `/customers/${current.customer.id}/orders`);
    expect(moved.items.map((o) => o.id).sort()).toEqual([current.id, second.id, old.id].sort());

    await page.getByRole('tab', { name: 'Merges' }).click();
    await page.getByRole('button', { name: 'Undo merge' }).click();
    await page.getByText(/^Undone /).waitFor();
    const back = await api<{ items: Array<{ id: string }> }>('GET', `/customers/${old.customer.id}/orders`);
    expect(back.items.map((o) => o.id)).toEqual([old.id]);
  });
});
