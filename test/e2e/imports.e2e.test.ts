/**
 * The console's CSV import page, end to end: a products file with a few bad lines is uploaded through
 * the page (POST /api/v1/imports/products with Accept: application/x-ndjson), the server's progress
 * ("N rows applied") shows while the import runs, then the report lists each rejected line with its
 * number and reason; the API then has the good rows and not the bad ones. The real server (startServer,
 * embedded PGlite in a temp folder, a real socket) serving the built console (`npm run build:web`
 * first), headless Chromium. Every step waits on a visible state, never on a sleep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { apiCaller, signIn, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const admin = { email: 'imports-admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_imports_key_0123456789abcdef';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const api = apiCaller(() => `${server.url}/api/v1`, devApiKey);

beforeAll(async () => {
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'imports', devApiKey, admin }));
}, 300_000); // a fresh embedded database, the server and Chromium: minutes on a loaded machine
afterAll(async () => {
  await stopConsoleRun({ browser, server, dataDir });
});

// Three bad lines (3, 5, 6) among 1,503 good ones: enough rows (each its own transaction) for the
// server's progress lines, one every 100 rows, to be on screen for a while.
const bulk = Array.from({ length: 1_500 }, (_, i) => `E2E-BULK-${i + 1},Bulk item ${i + 1},1.00,EUR`);
const csv = [
  'sku,name,price,currency',
  'E2E-MUG,Enamel mug,12.90,EUR',
  'E2E-HALF,Half cent,12.345,EUR', // line 3: finer than the cent
  'E2E-PEN,"Pen, ""blue""",3.00,EUR',
  'E2E-NONAME,,1.00,EUR', // line 5: no name
  'E2E-EURO,Thing,1.00,EURO', // line 6: no such currency
  'E2E-BOWL,Tea bowl,1500,JPY',
  ...bulk,
].join('\n');

const status = async (sku: string) => (await fetch(`${server.url}/api/v1/products/${sku}`, { headers: { authorization: `Bearer ${devApiKey}` } })).status;

describe('console CSV import', () => {
  it('uploads a products file, shows the rows applied on the server, then the rejected lines with numbers and reasons', async () => {
    await signIn(page, server.url, admin, { timeout: 30_000 });

    await page.goto(`${server.url}/imports`);
    await page.getByRole('heading', { name: 'Import' }).waitFor({ timeout: 30_000 });
    await page.locator('input[type="file"]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload' }).click();

    // The server's progress while the rows go in, under the progress bar.
    // Both seen in one snapshot of the page: checked one after the other, a fast import could end in between.
    await page.waitForFunction(
      '/Processing… \\d+ rows applied/.test(document.body.innerText) && document.querySelector(\'[aria-label="Import progress"]\') !== null',
      null,
      { timeout: 60_000, polling: 'raf' },
    );

    const report = page.getByLabel('Import report');
    await report.getByText(/^Imported: 1,?506 rows — 1,?503 created, 0 updated, 3 rejected$/).waitFor({ timeout: 120_000 });
    await page.getByRole('progressbar', { name: 'Import progress' }).waitFor({ state: 'detached' });
    const rows = report.getByRole('table', { name: 'Rejected lines' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(4); // the header and three lines
    const cells = await rows.evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(cells.map((c) => c[0])).toEqual(['3', '5', '6']);
    expect(cells[0]![1]).toContain('price');
    expect(cells[1]![1]).toContain('name');
    expect(cells[2]![1]).toContain('currency');

    // Through the API: the good rows exist as written, the bad ones do not.
    expect(await api('GET', '/products/E2E-PEN')).toMatchObject({ name: 'Pen, "blue"', price: { amount: 300, currency: 'EUR' } });
    expect(await api('GET', '/products/E2E-MUG')).toMatchObject({ name: 'Enamel mug', price: { amount: 1290, currency: 'EUR' } });
    expect(await api('GET', '/products/E2E-BOWL')).toMatchObject({ price: { amount: 1500, currency: 'JPY' } });
    expect(await api('GET', '/products/E2E-BULK-1500')).toMatchObject({ name: 'Bulk item 1500' });
    for (const sku of ['E2E-HALF', 'E2E-NONAME', 'E2E-EURO']) expect(await status(sku), sku).toBe(404);
  }, 240_000);
});
