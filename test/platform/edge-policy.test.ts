/**
 * Edge policy: probes, metrics and inbound webhooks are outside the client rate limit; the console
 * is served with a Content-Security-Policy; a server without ORDO_SANDBOX_WEBHOOK_SECRET uses a
 * random secret of its own installation, never the public development value.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import pino from 'pino';
import { testApp, type TestApp } from '../support/app.js';
import { testDatabase } from '../support/db.js';
import { installationSecret } from '../../src/platform/installation-secrets.js';
import { devSandboxWebhookSecret, sandboxSignatureHeader, signSandboxPayload } from '../../src/modules/payments/index.js';
import { loadConfig } from '../../src/platform/config.js';
import { startServer } from '../../src/server.js';

describe('rate limit and CSP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ app: { rateLimitPerMinute: 3 } });
  });
  afterAll(() => t.close());

  it('health, readiness, metrics and webhooks are never rate limited; the API is', async () => {
    for (let i = 0; i < 8; i++) {
      for (const url of ['/healthz', '/readyz', '/metrics']) expect((await t.http.inject({ url })).statusCode, url).toBe(200);
      for (const url of ['/api/v1/payments/webhooks/sandbox', '/api/v1/shipping/webhooks/easypost']) {
        const res = await t.http.inject({ method: 'POST', url, payload: { x: 1 } });
        expect(res.statusCode, url).not.toBe(429);
      }
    }
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.api('GET', '/api/v1/orders')).status);
    expect(statuses).toContain(429);
  });

  it('the console is served with a Content-Security-Policy', async () => {
    const c = await testApp({ database: t.database });
    onTestFinished(() => c.http.close());
    for (const url of ['/', '/orders/123']) {
      const res = await c.http.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });
});

describe('sandbox webhook secret', () => {
  it('is random per installation and the same for every process of one', async () => {
    const one = await testDatabase();
    const two = await testDatabase();
    try {
      const at = new Date();
      const a1 = await installationSecret(one.db, 'sandbox_webhook_secret', at, 'whsec_');
      const a2 = await installationSecret(one.db, 'sandbox_webhook_secret', at, 'whsec_');
      const b1 = await installationSecret(two.db, 'sandbox_webhook_secret', at, 'whsec_');
      expect(a1).toBe(a2);
      expect(a1).not.toBe(b1);
      expect(a1).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('a server without ORDO_SANDBOX_WEBHOOK_SECRET refuses a webhook signed with the public development secret', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ordo-edge-'));
    const config = loadConfig({ ORDO_DATA_DIR: dataDir, PORT: '0', ORDO_DEV_API_KEY: 'edge-policy-key-0123456789', ORDO_ADMIN_EMAIL: 'a@example.com', ORDO_ADMIN_PASSWORD: 'long enough password' });
    const server = await startServer(config, { handleSignals: false, print: () => undefined, logger: pino({ level: 'silent' }) });
    try {
      const secret = server.app.deps.payments!.settings.sandboxWebhookSecret;
      expect(secret).not.toBe(devSandboxWebhookSecret);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      const raw = JSON.stringify({ id: 'evt_forged', type: 'payment.authorized', data: { reference: 'sbx_x' } });
      const forged = await server.app.http.inject({ method: 'POST', url: '/api/v1/payments/webhooks/sandbox', payload: raw, headers: { 'content-type': 'application/json', [sandboxSignatureHeader]: signSandboxPayload(devSandboxWebhookSecret, raw, new Date()) } });
      expect(forged.statusCode).toBe(400);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
