/**
 * Support cases in the console, end to end: the real server (embedded PGlite in a temp folder) serving
 * the built console (`npm run build:web` first), driven by headless Chromium. A case is created from
 * an order, answered with a reply template (sent through the e-mail queue) and resolved.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const root = new URL('../../', import.meta.url).pathname;
const admin = { email: 'support-admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_support_key_0123456789abcdef';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const api = apiCaller(() => `${server.url}/api/v1`, devApiKey);

beforeAll(async () => {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'support', devApiKey, admin }));
}, 60_000);
afterAll(() => stopConsoleRun({ browser, server, dataDir }));

describe('support cases console', () => {
  it('a case from creation to resolution: opened from an order, answered with a template, resolved', async () => {
    await api('POST', '/locations', { code: 'WH', name: 'Warehouse', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.405 });
    await api('POST', '/products', { sku: 'MUG', name: 'Mug', price: { amount: 1500, currency: 'EUR' } });
    await api('POST', '/inventory/adjustments', { sku: 'MUG', locationCode: 'WH', delta: 5, reason: 'receipt' });
    const order = await api<{ id: string; number: string }>('POST', '/orders', {
      channel: 'web',
      customer: { email: 'grace@example.com', name: 'Grace Hopper' },
      shippingAddress: { line1: 'Hafenstraße 2', city: 'Berlin', postalCode: '10117', country: 'DE' },
      lines: [{ sku: 'MUG', quantity: 1 }],
    });
    await api('POST', '/support/templates', { name: 'Sorry for the delay', body: 'Hello {{customer.name}},\n\nyour order {{order.number}} is on its way.' });

    await page.goto(`${server.url}/login`);
    await field(page, 'Email').fill(admin.email);
    await field(page, 'Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('tile-Open cases').filter({ hasText: '0 · 0 breached' }).waitFor();

    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    await page.getByRole('button', { name: 'New case' }).click();
    const dlg = page.getByRole('dialog');
    await field(dlg, 'Order number').fill(order.number);
    await field(dlg, 'Subject').fill('Where is my mug?');
    await field(dlg, "Customer's request").fill('It has not arrived yet.');
    await dlg.getByRole('button', { name: 'Open case' }).click();

    // The case page: linked to the order and its customer.
    await page.getByRole('link', { name: order.number }).waitFor();
    await page.getByText('Message from Grace Hopper <grace@example.com>').waitFor();
    expect(await page.getByTestId('case-status').first().textContent()).toBe('Open');
    const caseId = page.url().split('/').at(-1)!;

    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText(/^Assigned to .* by /).waitFor();

    await field(page, 'Template').first().click();
    await page.getByRole('option', { name: 'Sorry for the delay' }).click();
    await expect.poll(() => field(page, 'Message').inputValue()).toBe(`Hello Grace Hopper,\n\nyour order ${order.number} is on its way.`);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply by', { exact: false }).waitFor();
    await page.screenshot({ path: join(root, 'test-results', 'support-case.png'), fullPage: true });

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Open → Resolved', { exact: false }).waitFor();
    expect(await page.getByTestId('case-status').first().textContent()).toBe('Resolved');
    await page.getByRole('button', { name: 'Reopen' }).waitFor();

    const c = await api<{ status: string; orderId: string; sla: { firstResponse: { state: string } }; timeline: Array<{ kind: string; subject: string | null }> }>('GET', `/cases/${caseId}`);
    expect(c).toMatchObject({ status: 'resolved', orderId: order.id, sla: { firstResponse: { state: 'met' } } });
    expect(c.timeline.map((e) => e.kind)).toEqual(['opened', 'customer_message', 'assigned', 'reply', 'status_changed']);
    expect(c.timeline[3]!.subject).toMatch(/\[C-\d+\]$/);

    await page.getByRole('link', { name: '← Cases' }).click();
    await page.getByRole('row').filter({ hasText: 'Where is my mug?' }).filter({ hasText: 'Resolved' }).waitFor();
  }, 60_000);
});
