/**
 * Outbound webhooks end to end: the real server (its dispatcher and webhook sender loops) delivers
 * to a receiver on loopback that verifies every signature with `standardwebhooks`; the console shows
 * the endpoint, its deliveries and the attempt log, and adds an endpoint whose secret it shows once.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { type RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const root = new URL('../../', import.meta.url).pathname;
const admin = { email: 'hooks-admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_hooks_key_0123456789abcdef';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
let receiver: Server;
let receiverUrl = '';
let secret = '';
const received: Array<{ type: string; sku?: string; verified: boolean }> = [];

const api = apiCaller(() => `${server.url}/api/v1`, devApiKey);

beforeAll(async () => {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      let verified = false;
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const parsed = JSON.parse(body) as { type: string; data: { sku?: string } };
      received.push({ type: parsed.type, ...(parsed.data.sku ? { sku: parsed.data.sku } : {}), verified });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  ({ server, browser, page, dataDir } = await startConsoleRun({
    name: 'webhooks',
    devApiKey,
    admin,
    env: { ORDO_WEBHOOKS_ALLOW_PRIVATE: 'true', ORDO_WEBHOOKS_POLL_MS: '100', ORDO_OUTBOX_POLL_MS: '50' },
  }));
}, 60_000);

afterAll(async () => {
  await stopConsoleRun({ browser, server, dataDir });
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhooks console', () => {
  it('the running server signs and delivers events; the console shows the endpoint, its deliveries and attempts', async () => {
    const sub = await api<{ id: string; secret: string }>('POST', '/webhooks', { url: receiverUrl, eventTypes: ['product.created'] });
    secret = sub.secret;
    await api('POST', '/products', { sku: 'HOOK-1', name: 'Hook', price: { amount: 990, currency: 'EUR' } });
    await until(() => received.length === 1);
    expect(received).toEqual([{ type: 'product.created', sku: 'HOOK-1', verified: true }]);

    await page.goto(`${server.url}/login`);
    await field(page, 'Email').fill(admin.email);
    await field(page, 'Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: receiverUrl });
    await row.waitFor();
    expect(await row.textContent()).toContain('enabled');
    await row.getByText('product.created').click();
    const dialog = page.getByRole('dialog', { name: `Deliveries to ${receiverUrl}` });
    const delivery = dialog.getByRole('row').filter({ hasText: 'succeeded' });
    await delivery.waitFor();
    await delivery.getByText('product.created').click();
    const attempts = page.getByRole('dialog', { name: 'product.created · succeeded' });
    await attempts.getByText('HOOK-1').first().waitFor();
    expect(await attempts.getByRole('row').count()).toBe(2); // header + one attempt
  });

  it('adds an endpoint from the console and shows its secret once', async () => {
    await page.goto(`${server.url}/webhooks`);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add webhook endpoint' });
    await field(dialog, 'URL').fill(`${receiverUrl}/two`);
    await field(dialog, 'Description').fill('second endpoint');
    await field(dialog, 'Events').click();
    await page.getByRole('option', { name: 'order.placed', exact: true }).click();
    await page.keyboard.press('Tab'); // leaves the field: the options list closes
    await dialog.getByRole('button', { name: 'Add' }).click();
    const shown = page.getByRole('dialog', { name: 'Signing secret' });
    await shown.getByText(/^whsec_/).waitFor();
    await shown.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row').filter({ hasText: `${receiverUrl}/two` }).waitFor();
    const list = await api<{ items: Array<{ url: string; eventTypes: string[] }> }>('GET', '/webhooks');
    expect(list.items.find((s) => s.url === `${receiverUrl}/two`)?.eventTypes).toEqual(['order.placed']);
  });
});
