/**
 * The payments panel end to end: the real server (startServer on a temp PGlite folder) with the
 * built console, an order paid through the sandbox gateway, then capture and refunds (by line and as
 * a free amount) done by a person in headless Chromium; the API confirms the amounts.
 * Needs `npm run build:web` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_dev_key_payments_0123456789';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;

const api = apiCaller(() => server.url, devApiKey);


beforeAll(async () => {
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'pay', devApiKey, admin, context: { viewport: { width: 1280, height: 900 } } }));
});

afterAll(() => stopConsoleRun({ browser, server, dataDir }));

describe('payments panel', () => {
  it('captures and refunds (by line and as a free amount) through the console', async () => {
    await api('POST', '/api/v1/locations', { code: 'BER', name: 'Berlin', type: 'warehouse', address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.5, longitude: 13.4 });
    await api('POST', '/api/v1/products', { sku: 'MUG', name: 'Stoneware mug', price: { amount: 1250, currency: 'EUR' } });
    await api('POST', '/api/v1/inventory/adjustments', { sku: 'MUG', locationCode: 'BER', delta: 10, reason: 'receipt' });
    const order = await api('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      shippingAddress: { line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
      lines: [{ sku: 'MUG', quantity: 4 }],
      payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }],
    });
    expect(order.status).toBe('confirmed');
    const paymentId = order.payment.items[0].id as string;

    await page.goto(`${server.url}/login`);
    await field(page, 'Email').fill(admin.email);
    await field(page, 'Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await page.goto(`${server.url}/orders/${order.id}`);
    const panel = page.getByRole('region', { name: 'Payments' });
    await panel.getByText('Authorized', { exact: true }).first().waitFor();
    await expect(panel.getByTestId('payment-1-captured').textContent()).resolves.toBe('€0.00');

    // Capture part: 30.00 of 50.00.
    await panel.getByRole('button', { name: 'Capture' }).click();
    let dlg = page.getByRole('dialog');
    await field(dlg, 'Amount (EUR)').fill('60.00');
    await dlg.getByRole('button', { name: 'Capture' }).click();
    await dlg.getByText('At most €50.00').waitFor(); // checked before sending
    await field(dlg, 'Amount (EUR)').fill('30.00');
    await dlg.getByRole('button', { name: 'Capture' }).click();
    await dlg.waitFor({ state: 'detached' });
    await expect.poll(() => panel.getByTestId('payment-1-captured').textContent()).toBe('€30.00');
    await panel.getByText('Partially captured').first().waitFor();

    // Refund one mug by line: its value, 12.50.
    await panel.getByRole('button', { name: 'Refund' }).click();
    dlg = page.getByRole('dialog');
    await dlg.getByLabel('Units of MUG to refund').fill('1');
    await field(dlg, 'Reason').fill('Chipped on arrival');
    await dlg.getByRole('button', { name: 'Refund' }).click();
    await dlg.waitFor({ state: 'detached' });
    await expect.poll(() => panel.getByTestId('payment-1-refunded').textContent()).toBe('€12.50');

    // A free amount (appeasement) with a reason.
    await panel.getByRole('button', { name: 'Refund' }).click();
    dlg = page.getByRole('dialog');
    await dlg.getByText('Free amount').click();
    await field(dlg, 'Amount (EUR)').fill('5.00');
    await field(dlg, 'Reason').fill('Sorry for the wait');
    await dlg.getByRole('button', { name: 'Refund' }).click();
    await dlg.waitFor({ state: 'detached' });
    await expect.poll(() => panel.getByTestId('payment-1-refunded').textContent()).toBe('€17.50');
    await panel.getByText('Partially refunded').first().waitFor();
    await panel.getByText(/Refund €5\.00 · Succeeded · Sorry for the wait/).waitFor();

    const payments = await api('GET', `/api/v1/orders/${order.id}/payments`);
    expect(payments.items[0]).toMatchObject({ id: paymentId, captured: { amount: 3000 }, refunded: { amount: 1750 }, status: 'partially_refunded' });
    expect(payments.items[0].transactions.map((t: any) => [t.kind, t.amount.amount, t.reason])).toEqual([
      ['authorization', 5000, null],
      ['capture', 3000, null],
      ['refund', 1250, 'Chipped on arrival'],
      ['refund', 500, 'Sorry for the wait'],
    ]);
  });
});
