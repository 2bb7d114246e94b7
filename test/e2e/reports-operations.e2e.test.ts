/**
 * The Reports page's operations cards on the demo business, end to end: the real server with the built console,
 * headless Chromium, `seed --demo` (orders over 13 months, shipped, delivered, some late and returned, some
 * backordered). On-time delivery, backorder ageing and sell-through each list rows, and each CSV link downloads the
 * API's CSV of the same call. Needs `npm run build:web` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { type RunningServer } from '../../src/server.js';
import { seedDemo } from '../../cli/seed/seed-demo.js';
import { field, signIn, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const admin = { email: 'ops-admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_ops_reports_key_0123456789';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;

beforeAll(async () => {
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'ops-reports', devApiKey, admin, context: { viewport: { width: 1400, height: 1000 } } }));
  page.setDefaultTimeout(20_000);
  await seedDemo(server.app, { orders: 30 });
  await signIn(page, server.url, admin);
}, 600_000);
afterAll(() => stopConsoleRun({ browser, server, dataDir }));

/** Data rows of a table (the header row left out). */
const dataRows = async (name: string) => (await page.getByRole('table', { name }).getByRole('row').allTextContents()).slice(1);
const csvOf = async (link: string) => {
  const href = await page.getByRole('link', { name: link }).getAttribute('href');
  expect(href).toContain('format=csv');
  return page.evaluate(async (u) => (await fetch(u!, { credentials: 'include' })).text(), href);
};

describe('reports console: on-time delivery, backorder ageing, sell-through', () => {
  it('each card lists the demo history and exports it as CSV', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    // The whole demo year.
    const from = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);
    await field(page, 'From').fill(from);

    const onTime = page.getByRole('table', { name: 'On-time delivery' });
    await onTime.getByRole('row').nth(1).waitFor();
    await page.getByText(/% on time · \d+ late/).waitFor();
    const onTimeRows = await dataRows('On-time delivery');
    expect(onTimeRows.length).toBeGreaterThanOrEqual(3); // months with deliveries
    expect(onTimeRows.every((r) => /^\d{4}-\d{2}/.test(r))).toBe(true);
    expect((await csvOf('On-time delivery CSV')).split('\n')[0]).toMatch(/^key,delivered,with_promise,on_time,late/);

    const backorders = page.getByRole('table', { name: 'Backorder ageing' });
    await backorders.getByRole('row').nth(1).waitFor();
    const backorderRows = await dataRows('Backorder ageing');
    expect(backorderRows.length).toBeGreaterThan(0);
    expect(backorderRows.some((r) => /OUT-BENC-ACA|HOM-RUGS-120/.test(r))).toBe(true); // the demo's products out of stock
    expect((await csvOf('Backorder ageing CSV')).split('\n').length).toBeGreaterThan(2);

    const sell = page.getByRole('table', { name: 'Sell-through and dead stock' });
    await sell.getByRole('row').nth(1).waitFor();
    expect((await dataRows('Sell-through and dead stock')).length).toBeGreaterThan(5);
    const sellCsv = await csvOf('Sell-through CSV');
    expect(sellCsv.split('\n')[0]).toContain('sku');
    expect(sellCsv.split('\n').length).toBeGreaterThan(10);
  });
});
