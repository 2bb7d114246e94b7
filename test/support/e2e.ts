import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server.js';
import { loadConfig } from '../../src/platform/config.js';
import { migratedDataDir } from './db.js';

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium as every browser test runs it: no sandbox (containers), no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * JSON calls to a running server with an API key, for setting up what the browser test then drives:
 * `const api = apiCaller(() => server.url, key); await api('POST', '/api/v1/locations', {...})`.
 * A non-2xx answer throws with its body.
 */
export function apiCaller(baseUrl: () => string, apiKey: string) {
  return async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** A labelled form field, with or without Mantine's required marker (" *"). */
export const field = (scope: Pick<Page, 'getByLabel'>, label: string) => scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));

/** Signs in on the console's login page and waits for the dashboard (the page every sign-in lands on). */
export async function signIn(page: Page, baseUrl: string, user: { email: string; password: string }, o: { timeout?: number } = {}): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await field(page, 'Email').fill(user.email);
  await field(page, 'Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor(o.timeout === undefined ? {} : { timeout: o.timeout });
}

export interface ConsoleRun {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  dataDir: string;
}

/**
 * What every browser test starts from: the real server (`startServer`) on a fresh embedded database
 * in a temp folder (a copy of the run's migrated template, test/support/db.ts), with a dev API key and a first admin, serving the built console; headless
 * Chromium with one page (en-GB, Europe/Berlin, 10 s timeouts). Refuses to start without the built
 * console or Chromium, saying how to get them.
 */
export async function startConsoleRun(o: { name: string; devApiKey: string; admin: { email: string; password: string }; env?: Record<string, string>; context?: BrowserContextOptions }): Promise<ConsoleRun> {
  const consoleIndex = join(new URL('../../', import.meta.url).pathname, 'dist/web/index.html');
  if (!existsSync(consoleIndex)) throw new Error(`The console is not built: ${consoleIndex} is missing. Run \`npm run build:web\` (npm install runs it in its prepare step).`);
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const dataDir = mkdtempSync(join(tmpdir(), `ordo-e2e-${o.name}-`));
  // A copy of the run's migrated template: the server starts without running every migration again.
  await migratedDataDir(dataDir);
  const config = loadConfig({ PORT: '0', ORDO_DATA_DIR: dataDir, ORDO_DEV_API_KEY: o.devApiKey, ORDO_ADMIN_EMAIL: o.admin.email, ORDO_ADMIN_PASSWORD: o.admin.password, LOG_LEVEL: 'silent', ...o.env });
  const server = await startServer(config, { handleSignals: false, print: () => undefined });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/Berlin', ...o.context });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { server, browser, context, page, dataDir };
}

/** Closes what startConsoleRun opened (whatever of it was opened) and removes the temp folder. */
export async function stopConsoleRun(run: Partial<Pick<ConsoleRun, 'server' | 'browser' | 'dataDir'>>): Promise<void> {
  await run.browser?.close();
  await run.server?.close();
  if (run.dataDir) rmSync(run.dataDir, { recursive: true, force: true });
}

const axePath = join(new URL('../../', import.meta.url).pathname, 'node_modules/axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) in the page as it is now and returns the serious and
 * critical violations; `expectNoSeriousA11yViolations` fails the test on any of them.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the console's CSP (script-src 'self') does not block, unlike a script tag.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(readFileSync(axePath, 'utf8'));
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })`)) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with a readable list (rule, help, first elements) when axe finds a serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page, where: string): Promise<void> {
  const found = await seriousA11yViolations(page);
  if (found.length === 0) return;
  const lines = found.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 4).map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim() ?? ''}`).join('\n')}`);
  throw new Error(`axe-core at ${where}: ${found.length} serious/critical violation(s)\n  ${lines.join('\n  ')}`);
}
