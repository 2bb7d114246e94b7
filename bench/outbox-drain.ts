/**
 * `npx tsx bench/outbox-drain.ts`: how fast the event handlers work off a backlog, alone, on the same
 * placed orders every run. The first run (or BENCH_DRAIN_REBUILD=1) places orders over HTTP with the
 * handlers switched off (`ORDO_WORKER=false`) into a template database; every run copies the template
 * and drains its outbox with one in-process dispatcher (as `ordo worker` runs it), then prints events
 * per second and the time each handler took. For comparing dispatcher/handler changes on a shared
 * machine: the work is identical between runs, only the machine's load differs (printed).
 *
 * BENCH_DRAIN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ordo_bench_drain; the template
 * is <name>_tpl), BENCH_DRAIN_PLACE_SEC (10: seconds of placement at 16 connections when building),
 * BENCH_DRAIN_CONCURRENCY (4), BENCH_DRAIN_BATCH (100).
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { recreateDatabase, seed, withClient } from './db.js';
import { orderGenerator, placeOrders } from './orders.js';
import { postgresCpuMeter, startServer, stopServer } from './server.js';
import { openDatabase } from '../src/platform/db/client.js';
import { createDeps } from '../src/app.js';
import { systemClock } from '../src/platform/clock.js';
import { eventHandlers } from '../src/handlers.js';
import { OutboxDispatcher } from '../src/platform/outbox/dispatcher.js';

const url = process.env.BENCH_DRAIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ordo_bench_drain';
const tplUrl = url.replace(/\/([A-Za-z0-9_]+)$/, '/$1_tpl');
const name = (u: string) => new URL(u).pathname.slice(1);
const admin = (u: string) => Object.assign(new URL(u), { pathname: '/postgres' }).toString();
const apiKey = 'bench-dev-api-key-0123456789abcdef';
const int = (v: string | undefined, d: number) => (v ? Number(v) : d);
const log = (m: string) => process.stderr.write(`[drain ${new Date().toISOString().slice(11, 19)}] ${m} (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);

async function templateExists(): Promise<boolean> {
  return withClient(admin(url), async (c) => (await c.query('select 1 from pg_database where datname = $1', [name(tplUrl)])).rowCount === 1);
}

async function buildTemplate(): Promise<void> {
  await recreateDatabase(tplUrl);
  const server = await startServer({ databaseUrl: tplUrl, apiKey, poolSize: 10, env: { ORDO_WORKER: 'false' } });
  try {
    await seed(tplUrl, { skus: 2000, seed: 20240601 });
    const gen = orderGenerator({ seed: 20240601, runId: 'drain', stream: 0, skus: 2000, customers: 5000 });
    const r = await placeOrders({ servers: [server], connections: 16, durationSec: int(process.env.BENCH_DRAIN_PLACE_SEC, 10), gens: [gen], apiKey, idempotency: false });
    log(`template: placed ${r.requests} orders (non-2xx ${r.non2xx})`);
  } finally {
    await stopServer(server);
  }
  await withClient(tplUrl, (c) => c.query('vacuum analyze'));
}

async function main() {
  if (process.env.BENCH_DRAIN_REBUILD === '1' || !(await templateExists())) await buildTemplate();
  await withClient(admin(url), async (c) => {
    await c.query(`drop database if exists ${name(url)} with (force)`);
    await c.query(`create database ${name(url)} template ${name(tplUrl)}`);
  });
  // Statements sent (every query through node-postgres, BEGIN/COMMIT included) and this process's CPU time.
  let statements = 0;
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  const deps = createDeps({ database, clock: systemClock });
  const byHandler = new Map<string, { n: number; s: number }>();
  // With BENCH_DRAIN_CONCURRENCY=1 the statements between a handler's start and end are its own.
  const stmtsBy = new Map<string, number>();
  const counted = (name: string, f: (...a: never[]) => Promise<void>) => async (...a: never[]) => {
    const before = statements;
    try {
      await f(...a);
    } finally {
      stmtsBy.set(name, (stmtsBy.get(name) ?? 0) + statements - before);
    }
  };
  const handlers = eventHandlers(deps).map((h) => ({
    ...h,
    handle: counted(h.name, h.handle.bind(h) as never),
    ...(h.handleBatch ? { handleBatch: counted(h.name, h.handleBatch.bind(h) as never) } : {}),
  }));
  const dispatcher = new OutboxDispatcher(deps.db, handlers, {
    clock: systemClock,
    concurrency: int(process.env.BENCH_DRAIN_CONCURRENCY, 4),
    batchSize: int(process.env.BENCH_DRAIN_BATCH, 100),
    observer: {
      handled: (h, _t, s) => {
        const e = byHandler.get(h) ?? { n: 0, s: 0 };
        e.n++;
        e.s += s;
        byHandler.set(h, e);
      },
      dispatched: () => {},
      retried: () => {},
      dead: () => {},
    },
  });
  const pending = await withClient(url, async (c: pg.Client) => Number((await c.query('select count(*) n from outbox where dispatched_at is null')).rows[0].n));
  log(`draining ${pending} events`);
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const cpu0 = process.cpuUsage();
  const pgMeter = postgresCpuMeter(name(url));
  const orders = await withClient(url, async (c: pg.Client) => Number((await c.query('select count(*) n from orders')).rows[0].n));
  const t0 = performance.now();
  let events = 0;
  let failed = 0;
  for (;;) {
    const r = await dispatcher.dispatchOnce();
    events += r.dispatched;
    failed += r.failed;
    if (r.dispatched + r.failed === 0) break;
  }
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerEvent = (cpu.user + cpu.system) / 1000 / Math.max(1, events);
  const pgMs = pgMeter.stop();
  log(`${(statements / Math.max(1, events)).toFixed(1)} statements and ${cpuMsPerEvent.toFixed(2)} ms of this process's CPU per event, ${(pgMs / Math.max(1, events)).toFixed(2)} ms of PostgreSQL's`);
  log(`per placed order (${orders} orders): ${((cpu.user + cpu.system) / 1000 / Math.max(1, orders)).toFixed(2)} ms Node + ${(pgMs / Math.max(1, orders)).toFixed(2)} ms PostgreSQL CPU for all of its handlers`);
  log(`drained ${events} events (${failed} failed) in ${s.toFixed(1)} s: ${(events / s).toFixed(1)} events/s`);
  for (const [h, e] of [...byHandler].sort((a, b) => b[1].s - a[1].s)) {
    process.stderr.write(`  ${h.padEnd(36)} ${String(e.n).padStart(6)} × ${((e.s / e.n) * 1000).toFixed(2)} ms = ${e.s.toFixed(1)} s, ${((stmtsBy.get(h) ?? 0) / e.n).toFixed(2)} statements per event\n`);
  }
  console.log(JSON.stringify({ events, failed, seconds: Number(s.toFixed(2)), perSecond: Number((events / s).toFixed(1)), statementsPerEvent: Number((statements / Math.max(1, events)).toFixed(1)), cpuMsPerEvent: Number(cpuMsPerEvent.toFixed(2)), postgresCpuMsPerEvent: Number((pgMs / Math.max(1, events)).toFixed(2)), orders, load: loadavg()[0] }));
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
