/**
 * The console's account features end to end: a password reset by e-mail link (real SMTP on loopback),
 * German labels through the language switcher, and dark mode following the system.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';
import { startSmtp, type CapturingSmtp } from '../notifications/smtp.js';

const admin = { email: 'admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_dev_key_account_0123456789';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dataDir: string;
let smtp: CapturingSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  ({ server, browser, context, page, dataDir } = await startConsoleRun({ name: 'account', devApiKey, admin, env: { ORDO_SMTP_URL: smtp.url } }));
});
afterAll(async () => {
  await stopConsoleRun({ browser, server, dataDir });
  await smtp?.close();
});

async function signIn(p: Page, email: string, password: string) {
  await p.goto(`${server.url}/login`);
  await field(p, 'Email').fill(email);
  await field(p, 'Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

describe('account', () => {
  it('resets a forgotten password through the e-mailed link', async () => {
    await page.goto(`${server.url}/login`);
    await field(page, 'Email').fill(admin.email);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    expect(await field(page, 'Email').inputValue()).toBe(admin.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('status').filter({ hasText: 'Check your inbox' }).waitFor();

    // The server's own mail job sends it through the SMTP server.
    await expect.poll(() => smtp.to(admin.email).length, { timeout: 30_000 }).toBe(1);
    const link = /(http\S+\/reset-password#token=[A-Za-z0-9_-]+)/.exec(smtp.to(admin.email)[0]!.text ?? '')![1]!;
    expect(link.startsWith(server.url)).toBe(true);

    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await field(page, 'New password').fill('a fresh console passphrase');
    await field(page, 'Repeat new password').fill('a fresh console passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password was changed').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    // The link works once.
    await page.goto(link);
    await field(page, 'New password').fill('yet another passphrase');
    await field(page, 'Repeat new password').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('alert').filter({ hasText: 'already used or has expired' }).waitFor();

    await signIn(page, admin.email, 'a fresh console passphrase');
    admin.password = 'a fresh console passphrase';
  });

  it('switches to German in the user menu, and keeps it after a reload', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Deutsch' }).click();
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Bestellungen' }).waitFor();
    await nav.getByRole('link', { name: 'Bestand' }).waitFor();
    await nav.getByText('Verwaltung').waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('de');
    await page.reload();
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Bestellungen' }).waitFor();
    await page.getByRole('button', { name: /Kontomenü/ }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Orders' }).waitFor();
  });

  it('follows a dark system setting, and the user can override it', async () => {
    const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', colorScheme: 'dark' });
    try {
      const p = await dark.newPage();
      await signIn(p, admin.email, admin.password);
      const scheme = () => p.evaluate("document.documentElement.getAttribute('data-mantine-color-scheme')");
      expect(await scheme()).toBe('dark');
      const background = (await p.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      expect(r! + g! + b!).toBeLessThan(150); // a dark page
      await p.getByRole('button', { name: /Account menu/ }).click();
      await p.getByRole('menuitem', { name: 'Light' }).click();
      expect(await scheme()).toBe('light');
      await p.reload();
      await p.getByRole('navigation', { name: 'Main navigation' }).waitFor();
      expect(await scheme()).toBe('light');
    } finally {
      await dark.close();
    }
  });
});
