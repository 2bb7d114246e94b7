/**
 * `npm run docs:screens`: regenerates the screenshots of the staff guides (docs/guide/img/*.png).
 * Starts the real server on a fresh embedded database in a temp folder, creates the demo business
 * (the same as `ordo seed --demo`), signs in with headless Chromium (CHROMIUM_PATH or
 * /usr/bin/chromium) and photographs each page the guides show, at 1280×800 in light mode, English.
 * Needs the built console (`npm run build:web`).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startServer } from '../src/server.js';
import { loadConfig } from '../src/platform/config.js';
import { seedDemo } from '../cli/seed/seed-demo.js';

const root = new URL('../', import.meta.url).pathname;
export const screensDir = join(root, 'docs/guide/img');
const admin = { email: 'admin@ordo.example', password: 'guide-screenshots-only' };
const devApiKey = 'ordo_docs_screens_key_0123456789abcdef';

/** One screenshot: file name (without .png), path, what to wait for, an optional step before the shot. */
interface Screen {
  name: string;
  path: string | ((ids: Ids) => string);
  ready?: (p: Page) => Promise<unknown>;
  before?: (p: Page) => Promise<unknown>;
  signedOut?: boolean;
}
interface Ids {
  order: string;
  customer: string;
  fulfillment: string | undefined;
  shipment: string | undefined;
}

export const screens: Screen[] = [
  { name: 'login', path: '/login', signedOut: true },
  { name: 'forgot-password', path: '/forgot-password', signedOut: true },
  { name: 'dashboard', path: '/' },
  { name: 'user-menu', path: '/', before: (p) => p.getByRole('button', { name: /Account menu/ }).click() },
  { name: 'orders', path: '/orders' },
  { name: 'order-detail', path: (ids) => `/orders/${ids.order}` },
  { name: 'inventory', path: '/inventory' },
  { name: 'products', path: '/products' },
  { name: 'fulfillment', path: '/fulfillment' },
  { name: 'fulfillment-order', path: (ids) => (ids.fulfillment ? `/fulfillment/${ids.fulfillment}` : '/fulfillment') },
  { name: 'shipments', path: '/shipments' },
  { name: 'manifests', path: '/manifests' },
  { name: 'customers', path: '/customers' },
  { name: 'customer', path: (ids) => `/customers/${ids.customer}` },
  { name: 'fraud-review', path: '/fraud-review' },
  { name: 'users', path: '/users' },
  { name: 'api-keys', path: '/api-keys' },
  { name: 'webhooks', path: '/webhooks' },
  { name: 'audit-log', path: '/audit-log' },
  { name: 'event-delivery', path: '/event-delivery' },
];

async function settle(p: Page) {
  await p.waitForLoadState('networkidle');
  await p.locator('.mantine-Loader-root').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await p.mouse.move(0, 799);
  await p.waitForTimeout(300);
}

async function main() {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(join(root, 'dist/web/index.html'))) throw new Error('The console is not built: run `npm run build:web` first.');
  mkdirSync(screensDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'ordo-docs-screens-'));
  const config = loadConfig({ PORT: '0', ORDO_DATA_DIR: dataDir, ORDO_DEV_API_KEY: devApiKey, ORDO_ADMIN_EMAIL: admin.email, ORDO_ADMIN_PASSWORD: admin.password, LOG_LEVEL: 'silent' });
  const server = await startServer(config, { handleSignals: false, print: () => undefined });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    process.stdout.write('creating the demo business…\n');
    await seedDemo(server.app, { orders: 60 });
    const get = async (path: string) => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${devApiKey}` } })).json() as Promise<{ items: Array<{ id: string }> }>;
    const ids: Ids = {
      order: (await get('/api/v1/orders?limit=1')).items[0]!.id,
      customer: (await get('/api/v1/customers?limit=1')).items[0]!.id,
      fulfillment: (await get('/api/v1/fulfillment-orders?limit=1').catch(() => ({ items: [] }))).items[0]?.id,
      shipment: (await get('/api/v1/shipments?limit=1').catch(() => ({ items: [] }))).items[0]?.id,
    };
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/Berlin', colorScheme: 'light', reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    for (const s of screens.filter((x) => x.signedOut)) await shoot(page, server.url, s, ids);
    await page.goto(`${server.url}/login`);
    await page.getByLabel(/^Email/).fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    for (const s of screens.filter((x) => !x.signedOut)) await shoot(page, server.url, s, ids);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function shoot(page: Page, base: string, s: Screen, ids: Ids) {
  await page.goto(`${base}${typeof s.path === 'function' ? s.path(ids) : s.path}`);
  await settle(page);
  if (s.before) {
    await s.before(page);
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: join(screensDir, `${s.name}.png`) });
  process.stdout.write(`docs/guide/img/${s.name}.png\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`docs:screens failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
