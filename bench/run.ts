/**
 * `npm run bench`: order placement over HTTP against PostgreSQL vs the raw SQL limit of the same
 * transaction (pgbench), inventory availability latency and API memory. See docs/benchmarks.md.
 */
import { defaultRiskConfig } from '../src/domain/risk/index.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureAvailability } from './availability.js';
import { statementCensus, traceFileIn } from './census.js';
import { loadBenchConfig } from './config.js';
import { recreateDatabase, seed, withClient } from './db.js';
import { load1, machineInfo } from './machine.js';
import { orderGenerator, placeOrders } from './orders.js';
import { placementScript, REFERENCE_DDL, referenceScript, roundTripsOf, runPgbench, type PgbenchResult } from './pgbench.js';
import { markdown, targetsOf, type BenchResults, type LevelResult } from './report.js';
import { compiledIsCurrent } from '../bin/build-state.mjs';
import { cpuMs, postgresCpuMeter, rssMb, startServer, stopServer, type ServerProc } from './server.js';
import { runSourcingBench, sourcingMarkdown } from './sourcing.js';
import { startWorkers, stopWorkers, sustainedLevel, sustainedMarkdown, type SustainedResult } from './sustained.js';
import type { ChildProcess } from 'node:child_process';

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

async function main(): Promise<void> {
  const t0 = performance.now();
  const cfg = loadBenchConfig();
  const resultsDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const runId = Date.now().toString(36);

  // Pure, in-process: before any server starts, so it has the CPU to itself.
  log('sourcing: 10,000 orders over 50 locations');
  const sourcing = runSourcingBench(cfg.seed);
  log(`sourcing: ${sourcing.ms} ms, saving over greedy ${sourcing.savingPct.toFixed(1)}%`);

  log(`recreating ${cfg.databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
  await recreateDatabase(cfg.databaseUrl);
  const dbName = new URL(cfg.databaseUrl).pathname.slice(1);
  const postgres = await withClient(cfg.databaseUrl, async (c) => (await c.query<{ v: string }>('select version() as v')).rows[0]!.v.split(' on ')[0]!);
  const machine = machineInfo(postgres);
  log(`${machine.nproc} CPUs (${machine.cpuModel}), ${postgres}, node ${machine.node}, load ${machine.loadAvgAtStart.join(' ')}`);
  // What `npm start` runs: the compiled build when it is current, the TypeScript sources otherwise.
  const build = compiledIsCurrent() ? 'compiled dist/server' : 'TypeScript sources through tsx (dist/server is missing or older than a source: npm run build:server)';
  log(`Ordo runs from ${build}`);

  const servers: ServerProc[] = [];
  const startOne = () =>
    startServer({
      databaseUrl: cfg.databaseUrl,
      apiKey: cfg.apiKey,
      poolSize: cfg.poolSize,
      nodeArgs: cfg.cpuProfile ? ['--cpu-prof', '--cpu-prof-dir', join(resultsDir, 'prof')] : [],
      // BENCH_WORKERS > 0: the handlers run in that many `ordo worker` processes instead.
      ...(cfg.workers > 0 ? { env: { ORDO_WORKER: 'false' } } : {}),
    });
  let workers: ChildProcess[] = [];
  try {
    servers.push(await startOne()); // migrates the fresh database
    if (cfg.workers > 0) {
      workers = await startWorkers(cfg.workers, cfg.databaseUrl, cfg.poolSize);
      log(`${cfg.workers} ordo worker process(es): pid ${workers.map((w) => w.pid).join(', ')}`);
    }
    log('seeding');
    const seeded = await seed(cfg.databaseUrl, { skus: cfg.skus, seed: cfg.seed });
    log(`seeded ${seeded.products} products, ${seeded.levels} levels in ${seeded.ms} ms`);
    await withClient(cfg.databaseUrl, async (c) => {
      for (const ddl of REFERENCE_DDL) await c.query(ddl);
    });

    log('statement census (separate traced server)');
    const census = await statementCensus({
      databaseUrl: cfg.databaseUrl,
      apiKey: cfg.apiKey,
      gen: orderGenerator({ seed: cfg.seed, runId, stream: 99, skus: cfg.skus, customers: cfg.customers }),
      orders: 50,
      traceFile: traceFileIn(resultsDir),
    });
    log(`census: ${census.statementsPerOrder} statements per order`);

    while (servers.length < cfg.processes) servers.push(await startOne());
    log(`${servers.length} server process(es): ${servers.map((s) => `pid ${s.pid} :${s.port}`).join(', ')}`);

    // pgbench binds the JSON documents Ordo writes, at their real sizes, from a census order.
    const sample = census.sampleOrder as Record<string, unknown> & { lines: Array<Record<string, unknown>> };
    const vars = {
      actor: 'api_key:dev',
      // what the risk statements bind besides the order's own values (autocannon connects from 127.0.0.1)
      ip: '127.0.0.1',
      exempt: JSON.stringify(defaultRiskConfig.rules.velocityIp.exemptIps),
      currency: 'EUR',
      addr: 'DE|10117|unterdenlinden5',
      ship: JSON.stringify(sample.shippingAddress),
      payload: JSON.stringify({
        orderId: sample.id,
        number: sample.number,
        channel: sample.channel,
        externalId: sample.externalId,
        customerId: sample.customerId,
        total: (sample.totals as Record<string, unknown> | undefined)?.total,
        locationCode: sample.lines[0]?.locationCode,
        lines: sample.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity, allocated: l.quantity, backordered: 0 })),
      }),
      after: JSON.stringify(sample),
      // the sourcing plan of the placement statement, at its real sizes for a 4-location bench world
      breakdown: JSON.stringify({ shipments: [{ locationCode: 'FRA', weightGrams: 900, distanceKm: 420, handling: '210', shipping: '920', total: '1130' }], splitPenalty: '0', maxShipments: 4 }),
      explanation: JSON.stringify(
        ['FRA', 'BER', 'HAM', 'MUC'].map((c, i) => (i === 0 ? { locationCode: c, chosen: true, reason: 'chosen', distanceKm: 420, cost: { handling: '210', shipping: '920', total: '1130' } } : { locationCode: c, chosen: false, reason: 'dearer than chosen plan by 1234', distanceKm: 300 + i })),
      ),
      allocations: JSON.stringify(sample.lines.map((l) => ({ orderLineId: l.id, sku: l.sku, locationCode: 'FRA', quantity: l.quantity }))),
    };
    const script = placementScript({ skus: cfg.skus, customers: cfg.customers, idempotency: cfg.idempotency });
    const scriptFile = join(resultsDir, 'placement.pgbench.sql');
    const scriptTrips = roundTripsOf(script);
    if (scriptTrips !== census.statementsPerOrder) {
      // The placement code changed shape: bench/pgbench.ts must be updated to mirror it, or the ratio compares different work.
      log(`WARNING: Ordo sends ${census.statementsPerOrder} statements per order, the pgbench script ${scriptTrips}; update bench/pgbench.ts`);
    }
    const refScript = referenceScript({ skus: cfg.skus, customers: cfg.customers });
    const refScriptFile = join(resultsDir, 'reference.pgbench.sql');

    const gens = servers.map((_, i) => orderGenerator({ seed: cfg.seed, runId, stream: i, skus: cfg.skus, customers: cfg.customers }));
    const checkpoint = () => withClient(cfg.databaseUrl, (c) => c.query('checkpoint'));
    if (cfg.warmupSec > 0) {
      log(`warm-up ${cfg.warmupSec} s at 16 connections`);
      const w = await placeOrders({ servers, connections: 16, durationSec: cfg.warmupSec, gens, apiKey: cfg.apiKey, idempotency: cfg.idempotency });
      if (w.non2xx + w.errors > 0) throw new Error(`warm-up got non-2xx responses: ${JSON.stringify(w.statusCodes)}`);
    }

    const levels: LevelResult[] = [];
    for (const connections of cfg.connections) {
      await checkpoint();
      const loadAvg1 = load1();
      const cpu0 = servers.reduce((a, s) => a + cpuMs(s.pid), 0);
      const pgMeter = postgresCpuMeter(dbName);
      const ordo = await placeOrders({ servers, connections, durationSec: cfg.durationSec, gens, apiKey: cfg.apiKey, idempotency: cfg.idempotency });
      const mem = servers.map((s) => rssMb(s.pid));
      const serverCpuMsPerOrder = (servers.reduce((a, s) => a + cpuMs(s.pid), 0) - cpu0) / Math.max(1, ordo.requests);
      const postgresCpuMsPerOrder = pgMeter.stop() / Math.max(1, ordo.requests);
      log(`Ordo  c=${connections}: ${Math.round(ordo.rps)} orders/s p50 ${ordo.p50} ms p99 ${ordo.p99} ms non-2xx ${ordo.non2xx} errors ${ordo.errors} RSS ${mem.map((m) => m.rss).join('+')} MB, server CPU ${serverCpuMsPerOrder.toFixed(2)} ms/order, PostgreSQL CPU ${postgresCpuMsPerOrder.toFixed(2)} ms/order`);
      const pgbench: Record<string, PgbenchResult> = {};
      for (const mode of cfg.pgbenchModes) {
        await checkpoint();
        pgbench[mode] = await runPgbench({ databaseUrl: cfg.databaseUrl, scriptFile, script, connections, durationSec: cfg.durationSec, mode, vars });
        log(`pgbench c=${connections} ${mode}: ${Math.round(pgbench[mode].tps)} tps, avg ${pgbench[mode].latencyAvgMs} ms`);
      }
      // The fixed reference (minimal durable placement), prepared like the mirror's limit.
      await checkpoint();
      const reference = await runPgbench({ databaseUrl: cfg.databaseUrl, scriptFile: refScriptFile, script: refScript, connections, durationSec: cfg.durationSec, mode: 'prepared', vars: { ship: vars.ship, payload: vars.payload } });
      const limit = pgbench[cfg.pgbenchModes[0]!]!.tps;
      log(`reference c=${connections}: ${Math.round(reference.tps)} tps, avg ${reference.latencyAvgMs} ms; mirror = ${Math.round((limit / reference.tps) * 100)}% of it`);
      levels.push({ connections, ordo, rssMb: mem.map((m) => m.rss), peakRssMb: mem.map((m) => m.peak), pgbench, reference, ratio: ordo.rps / limit, mirrorVsReference: limit / reference.tps, loadAvg1, loadAvgEnd: load1(), serverCpuMsPerOrder, postgresCpuMsPerOrder });
    }

    // The handlers of the placed orders (risk, payments, sourcing, fulfillment release, promise) run
    // behind the placements in the same processes; the reads are measured once they have caught up,
    // and how far behind they were is reported.
    const backlog = await drainOutbox(cfg.databaseUrl);
    log(`outbox: ${backlog.pending} events behind after the last level; ${backlog.pending - backlog.left} dispatched in ${backlog.drainSeconds.toFixed(1)} s, ${backlog.left} left`);
    log('availability reads');
    const availability = await measureAvailability({ url: servers[0]!.url, apiKey: cfg.apiKey, runs: cfg.availabilityRuns, skus: cfg.availabilitySkus, skuCount: cfg.skus, seed: cfg.seed });

    let sustained: SustainedResult | undefined;
    if (cfg.sustainedSec > 0) {
      log(`sustained: ${cfg.sustainedRate} orders/s for ${cfg.sustainedSec} s with the handlers running`);
      sustained = await sustainedLevel({ servers, gens, apiKey: cfg.apiKey, idempotency: cfg.idempotency, databaseUrl: cfg.databaseUrl, rate: cfg.sustainedRate, durationSec: cfg.sustainedSec, connections: 16, workers: cfg.workers, workerPids: workers.map((w) => w.pid!) });
      log(
        `sustained: placed ${Math.round(sustained.placement.rps)}/s, events ${sustained.produceRatePerSec.toFixed(0)}/s written, ${sustained.drainRatePerSec.toFixed(0)}/s delivered, backlog at end ${sustained.backlogAtEnd} (${sustained.backlogSeconds.toFixed(1)} s), drained in ${sustained.drainAfterSec.toFixed(1)} s, placement → released p50 ${sustained.releaseP50Ms} ms p99 ${sustained.releaseP99Ms} ms; CPU per order ${sustained.nodeCpuMsPerOrder.toFixed(2)} ms Node + ${sustained.postgresCpuMsPerOrder.toFixed(2)} ms PostgreSQL → at most ${sustained.cpuBoundOrdersPerSec.toFixed(0)} orders/s on this machine`,
      );
    }

    const { apiKey: _k, databaseUrl: _d, ...shown } = cfg;
    const results: BenchResults = {
      startedAt: new Date(Date.now() - (performance.now() - t0)).toISOString(),
      totalSeconds: (performance.now() - t0) / 1000,
      command: `${cfg.processes > 1 ? `BENCH_PROCESSES=${cfg.processes} ` : ''}npm run bench`,
      config: { ...shown, database: new URL(cfg.databaseUrl).pathname.slice(1) },
      machine,
      seed: seeded,
      census: { pgbenchRoundTrips: scriptTrips, referenceRoundTrips: roundTripsOf(refScript), orders: census.orders, statementsPerOrder: census.statementsPerOrder, httpMeanMs: census.httpMeanMs, dbRoundTripMsPerOrder: census.dbRoundTripMsPerOrder, statements: census.statements },
      levels,
      availability: { ...availability, outboxBacklog: backlog },
      targets: { ...targetsOf(levels, availability), 'sourcing 10,000 orders × 50 locations ≤ 5 s': { target: '≤ 5000 ms', measured: `${sourcing.ms} ms`, met: sourcing.ms <= 5000 } },
      sourcing,
      ...(sustained ? { sustained } : {}),
    };
    writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(resultsDir, `run-${runId}-p${cfg.processes}.json`), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`\n${sourcingMarkdown(sourcing)}\n\n${markdown(results)}\n\n${sustained ? `${sustainedMarkdown(sustained)}\n\n` : ''}Results: bench/results/latest.json\n`);
  } finally {
    await stopWorkers(workers);
    await Promise.all(servers.map((s) => stopServer(s)));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

/** Waits until every outbox event is dispatched (at most 3 minutes); returns the backlog, what was left and how long it took. */
async function drainOutbox(databaseUrl: string): Promise<{ pending: number; left: number; drainSeconds: number }> {
  return withClient(databaseUrl, async (c) => {
    const count = async () => Number((await c.query<{ n: string }>('select count(*) as n from outbox where dispatched_at is null')).rows[0]!.n);
    const t0 = performance.now();
    const pending = await count();
    let left = pending;
    while (left > 0 && performance.now() - t0 < 180_000) {
      await new Promise((r) => setTimeout(r, 500));
      left = await count();
    }
    return { pending, left, drainSeconds: (performance.now() - t0) / 1000 };
  });
}
