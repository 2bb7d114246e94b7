/**
 * `npx tsx bench/notifications-overhead.ts`: placement throughput with customer notifications on
 * versus off (issue 12, acceptance 5: within 5 %). One Ordo server as `npm start` runs it (handlers
 * and the e-mail sender in the process) sending to a real SMTP server on loopback in this process.
 * Levels of BENCH_NOTIF_LEVEL_SEC (20) seconds at 16 connections alternate off/on in the order
 * off, on, on, off, off, on … (BENCH_NOTIF_ROUNDS pairs, default 3), so drift of a shared machine
 * falls on both sides; "off" disables every template through `PUT /notification-settings`. Before
 * each level the previous level's events are handled and its e-mails sent, so every level starts
 * from an empty backlog. Own database BENCH_NOTIF_OVERHEAD_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/ordo_bench_notif_overhead), recreated each run.
 */
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { recreateDatabase, seed, withClient } from './db.js';
import { orderGenerator, placeOrders } from './orders.js';
import { startServer, stopServer } from './server.js';
import { templateNames } from '../src/domain/notifications/templates.js';

const url = process.env.BENCH_NOTIF_OVERHEAD_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ordo_bench_notif_overhead';
const levelSec = Number(process.env.BENCH_NOTIF_LEVEL_SEC ?? 20);
const rounds = Number(process.env.BENCH_NOTIF_ROUNDS ?? 3);
const apiKey = 'bench-dev-api-key-0123456789abcdef';
const log = (m: string) => process.stderr.write(`[notif-overhead ${new Date().toISOString().slice(11, 19)}] ${m} (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);

async function main() {
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

  await recreateDatabase(url);
  const server = await startServer({ databaseUrl: url, apiKey, poolSize: 10, env: { ORDO_SMTP_URL: smtpUrl } });
  try {
    await seed(url, { skus: 2000, seed: 20240601 });
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const settings = await api('GET', '/notification-settings');
    const { updatedAt: _u, ...base } = settings;
    const allTemplates = [...templateNames];
    const setNotifications = (on: boolean) => api('PUT', '/notification-settings', { ...base, disabledTemplates: on ? [] : allTemplates });
    const settle = async () => {
      // Every event handled and every queued message sent (or given up) before the next level.
      for (let i = 0; i < 600; i++) {
        const left = await withClient(url, async (c) =>
          Number(
            (
              await c.query<{ n: string }>(
                `select (select count(*) from outbox where dispatched_at is null) + (select count(*) from notification_messages where status = 'queued') as n`,
              )
            ).rows[0]!.n,
          ),
        );
        if (left === 0) return;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error('backlog not settled within 5 minutes');
    };
    const gen = orderGenerator({ seed: 20240601, runId: `notif-${Date.now()}`, stream: 0, skus: 2000, customers: 5000 });
    log('warm-up 5 s');
    await placeOrders({ servers: [server], connections: 16, durationSec: 5, gens: [gen], apiKey, idempotency: false });
    await settle();
    const order: boolean[] = [];
    for (let i = 0; i < rounds; i++) order.push(...(i % 2 === 0 ? [false, true] : [true, false]));
    const results: { on: boolean; rps: number; p99: number; sent: number }[] = [];
    for (const on of order) {
      await setNotifications(on);
      const before = received;
      const r = await placeOrders({ servers: [server], connections: 16, durationSec: levelSec, gens: [gen], apiKey, idempotency: false });
      if (r.non2xx + r.errors > 0) throw new Error(`non-2xx responses: ${JSON.stringify(r.statusCodes)}`);
      await settle();
      results.push({ on, rps: r.rps, p99: r.p99, sent: received - before });
      log(`notifications ${on ? 'on ' : 'off'}: ${r.rps.toFixed(1)} orders/s, p99 ${r.p99} ms, ${received - before} e-mails received by the SMTP server`);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const off = mean(results.filter((r) => !r.on).map((r) => r.rps));
    const on = mean(results.filter((r) => r.on).map((r) => r.rps));
    const change = (on / off - 1) * 100;
    console.log(
      JSON.stringify({
        levelSec,
        rounds,
        offOrdersPerSec: Number(off.toFixed(1)),
        onOrdersPerSec: Number(on.toFixed(1)),
        changePercent: Number(change.toFixed(1)),
        withinFivePercent: change >= -5,
        emailsWhenOn: results.filter((r) => r.on).reduce((a, r) => a + r.sent, 0),
        emailsWhenOff: results.filter((r) => !r.on).reduce((a, r) => a + r.sent, 0),
        levels: results,
        load: loadavg()[0],
      }),
    );
  } finally {
    await stopServer(server);
    await new Promise<void>((r) => smtp.close(() => r()));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
