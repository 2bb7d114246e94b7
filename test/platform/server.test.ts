import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { freshTarget, onPostgres } from '../cli/target.js';
import { scheduledJobs } from '../../src/platform/db/schema/index.js';

let server: RunningServer;
let target: Awaited<ReturnType<typeof freshTarget>>;
let printed = '';

beforeAll(async () => {
  target = await freshTarget();
  const config = loadConfig({ ...target.env, PORT: '0', LOG_LEVEL: 'silent' });
  server = await startServer(config, {
    handleSignals: false,
    logger: createLogger({ level: 'silent' }),
    print: (text) => {
      printed += `${text}\n`;
    },
  });
});
afterAll(async () => {
  await server?.close();
  await target?.dispose();
});

const get = (path: string, key?: string) => fetch(`${server.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});

describe('startServer', () => {
  it('listens on a real port and serves health, readiness and metrics', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: onPostgres ? 'postgres' : 'embedded' });
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('ordo_http_request_duration_seconds');
    expect(text).toMatch(/^ordo_outbox_pending_events \d+$/m);
    expect(text).toMatch(/^ordo_outbox_oldest_pending_age_seconds [\d.]+$/m);
  });

  it('runs the worker role in-process: the periodic jobs are registered in scheduled_jobs', async () => {
    const names = async () => (await server.database.db.select({ name: scheduledJobs.name }).from(scheduledJobs)).map((r) => r.name).sort();
    for (let i = 0; i < 50 && (await names()).length < 5; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await names()).toEqual(['abandon-stale-label-operations', 'cancel-expired-pickups', 'detect-sla-breaches', 'expire-unpaid-orders', 'poll-channel-orders', 'prune-delivered-events', 'push-channel-availability', 'release-expired-reservations', 'reorder-check', 'send-customer-messages', 'send-pickup-reminders', 'send-webhooks', 'vacuum-queue-tables']);
  });

  it('publishes an OpenAPI 3.1 document with paths', async () => {
    const res = await get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/locations');
  });

  it('printed a one-time admin key on the empty database, and that key authenticates', async () => {
    expect(printed).toMatch(/will not be shown again/);
    const key = /ordo_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{20,}/.exec(printed)?.[0];
    expect(key).toBeDefined();
    expect(key).toBe(server.createdAdminKey);
    expect((await get('/api/v1/locations', key)).status).toBe(200);
    expect((await get('/api/v1/locations')).status).toBe(401);
    expect((await get('/api/v1/locations', 'ordo_AAAAAAAA_notarealkeynotarealkeynotarealkey')).status).toBe(401);
  });

  it.skipIf(onPostgres)('locks the embedded data folder against a second process, naming the folder', () => {
    // The lock is per process (a lock holding our own pid counts as stale), so try from another one.
    const script = `
      import { openDatabase } from './src/platform/db/client.ts';
      try { await openDatabase({ dataDir: process.env.DIR }); console.log('OPENED'); process.exit(0); }
      catch (e) { console.error(e.name + ': ' + e.message); process.exit(3); }`;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, DIR: target.dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.stdout).not.toContain('OPENED');
    expect(res.status).toBe(3);
    expect(res.stderr).toContain('DataDirLockedError');
    expect(res.stderr).toContain(target.dataDir);
  });
});

describe('logger', () => {
  it('redacts authorization headers, passwords and card numbers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: 'info', destination: sink as never });
    log.info({ req: { headers: { authorization: 'Bearer ordo_secret' } }, user: { password: 'hunter2hunter2' }, payment: { cardNumber: '4111111111111111' } }, 'x');
    const out = lines.join('');
    expect(out).not.toContain('ordo_secret');
    expect(out).not.toContain('hunter2');
    expect(out).not.toContain('4111111111111111');
    expect(out).toContain('[redacted]');
  });
});
