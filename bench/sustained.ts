import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { withClient } from './db.js';
import { placeOrders, type LoadResult, type OrderGen } from './orders.js';
import { cpuMs, postgresCpuMeter, type ServerProc } from './server.js';

export interface SustainedResult {
  rate: number;
  durationSec: number;
  /** `ordo worker` processes besides the servers (0: the servers run the handlers themselves). */
  workers: number;
  placement: LoadResult;
  eventsWritten: number;
  eventsDispatched: number;
  /** Events delivered per second while placing. */
  drainRatePerSec: number;
  /** Events written per second while placing. */
  produceRatePerSec: number;
  /** Undelivered events when placement stopped, and how many seconds of production that is. */
  backlogAtEnd: number;
  backlogSeconds: number;
  /** Pending events sampled every 5 s during the level. */
  backlogSamples: number[];
  /** Time to deliver the backlog after placement stopped (capped at 3 min), and what was left. */
  drainAfterSec: number;
  leftAfterDrain: number;
  /** Placement → first fulfillment order created (released to a location), over the level's orders. */
  releasedOrders: number;
  notReleased: number;
  releaseP50Ms: number;
  releaseP99Ms: number;
  /**
   * CPU per placed order over the level and the drain after it (placement and every handler): the Ordo
   * processes (servers and workers) and the bench database's PostgreSQL backends. With `nproc` cores,
   * `nproc × 1000 / (node + postgres)` orders/s is the most this machine can sustain with this code.
   */
  nodeCpuMsPerOrder: number;
  postgresCpuMsPerOrder: number;
  /** This process (autocannon, the load generator, on the same cores) per placed order. */
  loadGeneratorCpuMsPerOrder: number;
  cpuBoundOrdersPerSec: number;
}

/** `ordo worker` processes for the level; resolves once each has started its dispatcher. */
export async function startWorkers(n: number, databaseUrl: string, poolSize: number): Promise<ChildProcess[]> {
  const procs: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, ['bin/ordo.mjs', 'worker'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', ORDO_PRETTY_LOGS: 'false', ORDO_DB_POOL_SIZE: String(poolSize) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    procs.push(child);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += String(d);
        if (out.includes('worker started')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`ordo worker exited ${code}: ${out.slice(-2000)}`)));
    });
    child.stdout!.resume();
    child.stderr!.resume();
  }
  return procs;
}

export async function stopWorkers(procs: ChildProcess[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null || p.signalCode !== null) return resolve();
          p.once('exit', () => resolve());
          p.kill('SIGTERM');
          setTimeout(() => p.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
}

/**
 * Places orders at a fixed rate for `durationSec` with the handlers running, sampling the outbox;
 * then measures what was left, how long it took to drain, and placement → release latency.
 */
export async function sustainedLevel(opts: {
  servers: ServerProc[];
  gens: OrderGen[];
  apiKey: string;
  idempotency: boolean;
  databaseUrl: string;
  rate: number;
  durationSec: number;
  connections: number;
  workers: number;
  /** Pids of the `ordo worker` processes, for the CPU accounting. */
  workerPids?: number[];
}): Promise<SustainedResult> {
  const dbName = new URL(opts.databaseUrl).pathname.slice(1);
  const nodePids = [...opts.servers.map((s) => s.pid), ...(opts.workerPids ?? [])];
  const nodeCpu = () => nodePids.reduce((a, pid) => a + cpuMs(pid), 0);
  const node0 = nodeCpu();
  const pgMeter = postgresCpuMeter(dbName);
  const self0 = process.cpuUsage();
  return withClient(opts.databaseUrl, async (c) => {
    const pending = async () => Number((await c.query<{ n: string }>('select count(*) as n from outbox where dispatched_at is null')).rows[0]!.n);
    const { rows: startRows } = await c.query<{ t: Date }>('select clock_timestamp() as t');
    const t0 = startRows[0]!.t;
    const samples: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await new Promise((r) => setTimeout(r, 5000));
        if (sampling) samples.push(await pending());
      }
    })();
    const placement = await placeOrders({ servers: opts.servers, connections: opts.connections, durationSec: opts.durationSec, gens: opts.gens, apiKey: opts.apiKey, idempotency: opts.idempotency, overallRate: opts.rate });
    sampling = false;
    await sampler;
    const { rows: endRows } = await c.query<{ t: Date }>('select clock_timestamp() as t');
    const t1 = endRows[0]!.t;
    const backlogAtEnd = await pending();
    const { rows: counts } = await c.query<{ written: string; dispatched: string }>(
      `select count(*) filter (where occurred_at >= $1 and occurred_at < $2) as written,
              count(*) filter (where dispatched_at >= $1 and dispatched_at < $2) as dispatched from outbox`,
      [t0, t1],
    );
    const seconds = (t1.getTime() - t0.getTime()) / 1000;
    const eventsWritten = Number(counts[0]!.written);
    const eventsDispatched = Number(counts[0]!.dispatched);
    const d0 = performance.now();
    let left = backlogAtEnd;
    while (left > 0 && performance.now() - d0 < 180_000) {
      await new Promise((r) => setTimeout(r, 500));
      left = await pending();
    }
    const drainAfterSec = (performance.now() - d0) / 1000;
    const placed = Math.max(1, placement.requests);
    const nodeCpuMsPerOrder = (nodeCpu() - node0) / placed;
    const postgresCpuMsPerOrder = pgMeter.stop() / placed;
    const selfCpu = process.cpuUsage(self0);
    const loadGeneratorCpuMsPerOrder = (selfCpu.user + selfCpu.system) / 1000 / placed;
    const { rows: lat } = await c.query<{ released: string; not_released: string; p50: number | null; p99: number | null }>(
      `with o as (
         select o.placed_at, (select min(f.created_at) from fulfillment_orders f where f.order_id = o.id) as released_at
         from orders o where o.placed_at >= $1 and o.placed_at < $2)
       select count(released_at) as released, count(*) - count(released_at) as not_released,
         percentile_cont(0.5) within group (order by extract(epoch from released_at - placed_at) * 1000) as p50,
         percentile_cont(0.99) within group (order by extract(epoch from released_at - placed_at) * 1000) as p99
       from o`,
      [t0, t1],
    );
    const produceRatePerSec = eventsWritten / seconds;
    return {
      rate: opts.rate,
      durationSec: opts.durationSec,
      workers: opts.workers,
      placement,
      eventsWritten,
      eventsDispatched,
      drainRatePerSec: eventsDispatched / seconds,
      produceRatePerSec,
      backlogAtEnd,
      backlogSeconds: produceRatePerSec > 0 ? backlogAtEnd / produceRatePerSec : 0,
      backlogSamples: samples,
      drainAfterSec,
      leftAfterDrain: left,
      releasedOrders: Number(lat[0]!.released),
      notReleased: Number(lat[0]!.not_released),
      releaseP50Ms: Math.round(lat[0]!.p50 ?? Number.NaN),
      releaseP99Ms: Math.round(lat[0]!.p99 ?? Number.NaN),
      nodeCpuMsPerOrder,
      postgresCpuMsPerOrder,
      loadGeneratorCpuMsPerOrder,
      cpuBoundOrdersPerSec: (cpus().length * 1000) / (nodeCpuMsPerOrder + postgresCpuMsPerOrder),
    };
  });
}

export function sustainedMarkdown(r: SustainedResult): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
  return [
    `### Sustained: ${r.rate} orders/s for ${r.durationSec} s, handlers running (${r.workers ? `${r.workers} \`ordo worker\` processes` : 'in the server process'})`,
    '',
    `| placed | placement p50 / p99 | events written/s | delivered/s | backlog at end | backlog samples (every 5 s) | drain after | placement → released p50 / p99 | not released |`,
    `|---|---|---|---|---|---|---|---|---|`,
    `| ${r.placement.requests} (${f(r.placement.rps)}/s, non-2xx ${r.placement.non2xx}) | ${r.placement.p50} / ${r.placement.p99} ms | ${f(r.produceRatePerSec)} | ${f(r.drainRatePerSec)} | ${r.backlogAtEnd} (${f(r.backlogSeconds)} s) | ${r.backlogSamples.join(', ')} | ${f(r.drainAfterSec)} s${r.leftAfterDrain ? `, ${r.leftAfterDrain} left` : ''} | ${r.releaseP50Ms} / ${r.releaseP99Ms} ms | ${r.notReleased} |`,
    '',
    `CPU per placed order, placement and all handlers (level + drain): Node ${r.nodeCpuMsPerOrder.toFixed(2)} ms + PostgreSQL ${r.postgresCpuMsPerOrder.toFixed(2)} ms = ${(r.nodeCpuMsPerOrder + r.postgresCpuMsPerOrder).toFixed(2)} ms${r.leftAfterDrain ? ` (${r.leftAfterDrain} events not yet handled: an underestimate)` : ''}; ${cpus().length} cores sustain at most ${f(r.cpuBoundOrdersPerSec)} orders/s with this code (the load generator used another ${r.loadGeneratorCpuMsPerOrder.toFixed(2)} ms per order of the same cores; PostgreSQL's background writers are not counted).`,
  ].join('\n');
}
