/**
 * Reports and purchasing in the console, end to end (issue 15, acceptance 5): the real server with the built
 * console, headless Chromium. The Reports page draws the sales chart, lists the top products and fulfillment speed,
 * and its CSV links download the API's CSV, and it charts one SKU's demand forecast with its band; the Purchasing
 * pages list suppliers and purchase orders, send one and receive it by scan. Needs `npm run build:web` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { type RunningServer } from '../../src/server.js';
import { apiCaller, field, signIn, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const admin = { email: 'buyer-admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_reports_key_0123456789abcdef';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
/** Months (UTC) the setup's orders were placed in. */
const placedMonths = new Set<string>();
const api = apiCaller(() => `${server.url}/api/v1`, devApiKey);

beforeAll(async () => {
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'reports', devApiKey, admin, context: { viewport: { width: 1400, height: 1000 } } }));
  page.setDefaultTimeout(15_000);
  await api('POST', '/locations', { code: 'BER', name: 'Berlin', type: 'warehouse', address: { line1: 'Hof 1', city: 'Berlin', postalCode: '10115', country: 'DE' }, latitude: 52.52, longitude: 13.405 });
  await api('POST', '/products', { sku: 'LAMP', name: 'Desk lamp', gtin: '5901234123457', price: { amount: 3900, currency: 'EUR' }, weightGrams: 800 });
  await api('POST', '/products', { sku: 'VASE', name: 'Vase', price: { amount: 2500, currency: 'EUR' }, weightGrams: 500 });
  for (const sku of ['LAMP', 'VASE']) await api('POST', '/inventory/adjustments', { sku, locationCode: 'BER', delta: 50, reason: 'receipt' });
  for (const [i, lines] of [[{ sku: 'LAMP', quantity: 2 }], [{ sku: 'VASE', quantity: 1 }], [{ sku: 'LAMP', quantity: 1 }, { sku: 'VASE', quantity: 1 }]].entries()) {
    const placed = await api<{ placedAt: string }>('POST', '/orders', {
      channel: 'web',
      customer: { email: `c${i}@example.com`, name: `Customer ${i}` },
      shippingAddress: { name: 'Ada', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE', latitude: 52.517, longitude: 13.389 },
      lines: lines.map((l) => ({ ...l, unitPrice: { amount: l.sku === 'LAMP' ? 3900 : 2500, currency: 'EUR' } })),
    });
    placedMonths.add(placed.placedAt.slice(0, 7)); // the shop's time zone is UTC here (ORDO_TIME_ZONE unset)
  }
  await signIn(page, server.url, admin);
}, 90_000);
afterAll(() => stopConsoleRun({ browser, server, dataDir }));

async function until<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('reports console', () => {
  it('draws sales over time, lists top products and fulfillment speed, and exports CSV', async () => {
    // The roll-up is kept by the event handlers of the running server.
    await until(async () => ((await api<{ totals: { orders: number } }>('GET', '/reports/sales?groupBy=day')).totals.orders === 3 ? true : undefined));
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page.getByText('3 orders · €167.00 gross').waitFor(); // money through Intl in the console's language (en-GB here)
    await page.locator('.recharts-surface').first().waitFor();
    const top = page.getByRole('table', { name: 'Top products' });
    await top.getByRole('row').filter({ hasText: 'Desk lamp' }).waitFor();
    const rows = await top.getByRole('row').allTextContents();
    expect(rows[1]).toContain('LAMP'); // 3 × 39.00 before 2 × 25.00
    expect(rows[1]).toContain('€117.00');
    await page.getByText('Nothing shipped in this range').waitFor();

    const href = await page.getByRole('link', { name: 'Top products CSV' }).getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u!, { credentials: 'include' })).text(), href);
    expect(csv.split('\n').slice(0, 3)).toEqual(['key,name,orders,units,gross_sales,currency', 'LAMP,Desk lamp,2,3,117.00,EUR', 'VASE,Vase,2,2,50.00,EUR']);
    const salesHref = await page.getByRole('link', { name: 'Sales CSV' }).getAttribute('href');
    const salesCsv = await page.evaluate(async (u) => (await fetch(u!, { credentials: 'include' })).text(), salesHref);
    expect(salesCsv.split('\n')[0]).toBe('key,orders,units,gross_sales,average_order_value,cancelled_units,cancelled_amount,returned_units,returned_amount,currency');
    const monthly = page.waitForResponse((r) => r.url().includes('/reports/sales?') && r.url().includes('groupBy=month'));
    await page.getByText('Month', { exact: true }).click();
    expect((await monthly).status()).toBe(200);
    await page.locator('.recharts-surface').first().waitFor();

    // One SKU's weekly demand with the chosen model's forecast band and its reorder point.
    const forecast = page.waitForResponse((r) => r.url().includes('/reports/forecast?') && r.url().includes('sku=LAMP'));
    await page.getByRole('textbox', { name: 'SKU' }).fill('LAMP');
    expect((await forecast).status()).toBe(200);
    await page.getByText(/^LAMP: model \w+ · reorder point \d+/).waitFor();
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(2);
  });

  it('shows fulfillment speed per stage and repeat-purchase cohorts with CSV, and filters sales by location', async () => {
    // The three orders were released to BER by the server's handlers.
    await until(async () => ((await api<{ totals: { placed_released: { count: number } } }>('GET', `/reports/fulfillment-stages?from=2000-01-01&to=2100-01-01`)).totals.placed_released.count === 3 ? true : undefined));
    await page.reload(); // still on the Reports page: fetch the cards again
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    const stages = page.getByRole('table', { name: 'Fulfillment speed per stage' });
    const released = stages.getByRole('row').filter({ hasText: 'Placed → released' });
    await released.waitFor();
    expect(await released.locator('td').nth(1).textContent()).toBe('3');
    expect(await stages.locator('th').allTextContents()).toContain('BER p50');
    const stagesHref = await page.getByRole('link', { name: 'Fulfillment stages CSV' }).getAttribute('href');
    const stagesCsv = await page.evaluate(async (u) => (await fetch(u!, { credentials: 'include' })).text(), stagesHref);
    expect(stagesCsv.split('\n')[0]).toBe('location_code,stage,count,p50_hours,p90_hours,p99_hours');
    expect(stagesCsv.split('\n').filter((l) => l.startsWith('all,placed_released,3,'))).toHaveLength(1);
    expect(stagesCsv.split('\n')[1]).toMatch(/^BER,placed_released,3,/);

    // Three customers with one order each, all in this month's cohort.
    await page.getByText('Repeat rate 0 % of 3 customers · 0 guest orders left out').waitFor();
    // The cohort month is the orders' own (read from their placement, not from today's date).
    expect(placedMonths.size).toBe(1);
    const [month] = [...placedMonths];
    const cohorts = page.getByRole('table', { name: 'Repeat-purchase cohorts' });
    expect(await cohorts.getByRole('row').filter({ hasText: month }).first().locator('td').nth(1).textContent()).toBe('3');
    const cohortsHref = await page.getByRole('link', { name: 'Cohorts CSV' }).getAttribute('href');
    const cohortsCsv = await page.evaluate(async (u) => (await fetch(u!, { credentials: 'include' })).text(), cohortsHref);
    expect(cohortsCsv.split('\n')[0]).toBe('cohort,customers,repeat_customers,repeat_rate,month_1,month_2,month_3,month_4,month_5,month_6');
    expect(cohortsCsv).toContain(`${month},3,0,0,`);

    // The sales card filtered by the fulfilling location: all three orders at BER, none unassigned.
    const byBer = page.waitForResponse((r) => r.url().includes('/reports/sales?') && r.url().includes('location=BER'));
    await page.getByPlaceholder('All locations').click();
    await page.getByRole('option', { name: /^BER/ }).click();
    expect((await byBer).status()).toBe(200);
    await page.getByText(/^3 orders · /).waitFor();
    const salesHref = await page.getByRole('link', { name: 'Sales CSV' }).getAttribute('href');
    expect(salesHref).toContain('location=BER');
  });
});

describe('purchasing console', () => {
  it('adds a supplier, sends a purchase order and receives it by scan', async () => {
    await page.getByRole('link', { name: 'Purchasing' }).click();
    await page.getByRole('heading', { name: 'Purchasing' }).waitFor();
    await page.getByRole('button', { name: 'Add supplier' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add supplier' });
    await field(dialog, 'Code').fill('LUX');
    await field(dialog, 'Name').fill('Lux Lighting');
    await field(dialog, 'SKU').fill('LAMP');
    await field(dialog, 'Lead time (days)').fill('10');
    await field(dialog, 'Unit cost (minor units)').fill('1800');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('table', { name: 'Suppliers' }).getByRole('row').filter({ hasText: 'Lux Lighting' }).waitFor();
    const suppliers = await api<{ items: Array<{ id: string; code: string; products: Array<{ sku: string; leadTimeDays: number }> }> }>('GET', '/suppliers');
    const lux = suppliers.items.find((s) => s.code === 'LUX')!;
    expect(lux.products).toEqual([expect.objectContaining({ sku: 'LAMP', leadTimeDays: 10 })]);

    const po = await api<{ id: string; number: string }>('POST', '/purchase-orders', { supplierId: lux.id, locationCode: 'BER', lines: [{ sku: 'LAMP', quantity: 12 }] });
    await page.reload();
    await page.getByRole('table', { name: 'Purchase orders' }).getByRole('row').filter({ hasText: po.number }).click();
    await page.getByRole('heading', { name: `Purchase order ${po.number}` }).waitFor();
    await page.getByRole('button', { name: 'Send to supplier' }).click();
    await page.getByText('sent', { exact: true }).waitFor();
    await field(page, 'Barcode or SKU').fill('5901234123457');
    await field(page, 'Quantity').fill('5');
    await page.getByRole('button', { name: 'Receive' }).click();
    await page.getByText('partially received', { exact: true }).waitFor();
    await field(page, 'Barcode or SKU').fill('LAMP');
    await field(page, 'Quantity').fill('7');
    await page.getByRole('button', { name: 'Receive' }).click();
    await page.getByText('received', { exact: true }).waitFor();
    const level = await api<{ items: Array<{ onHand: number }> }>('GET', '/inventory?sku=LAMP&locationCode=BER');
    expect(level.items[0]!.onHand).toBe(62);
  });
});
