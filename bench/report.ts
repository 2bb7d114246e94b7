import type { AvailabilityResult } from './availability.js';
import type { SustainedResult } from './sustained.js';
import type { Census } from './census.js';
import type { BenchConfig } from './config.js';
import type { MachineInfo } from './machine.js';
import type { LoadResult } from './orders.js';
import type { PgbenchResult } from './pgbench.js';
import type { SeedSummary } from './db.js';
import { round } from './stats.js';
import type { SourcingBenchResult } from './sourcing.js';

export interface LevelResult {
  connections: number;
  ordo: LoadResult;
  rssMb: number[];
  peakRssMb: number[];
  pgbench: Record<string, PgbenchResult>;
  /** The minimal durable placement (bench/pgbench.ts referenceScript), prepared. */
  reference: PgbenchResult;
  /** Ordo orders/s divided by pgbench tps of the first (limit) mode. */
  ratio: number;
  /** The mirror's tps (first mode) divided by the reference's. */
  mirrorVsReference: number;
  /** 1-minute load average before the level and after its pgbench runs (the machine is shared). */
  loadAvg1: number;
  loadAvgEnd: number;
  /** CPU (user + system) the Ordo process(es) used per completed order during the level. */
  serverCpuMsPerOrder: number;
  /** CPU the PostgreSQL backends of the bench database used per completed order during the level. */
  postgresCpuMsPerOrder: number;
}

export interface BenchResults {
  startedAt: string;
  totalSeconds: number;
  command: string;
  config: Omit<BenchConfig, 'apiKey' | 'databaseUrl'> & { database: string };
  machine: MachineInfo;
  seed: SeedSummary;
  census: Omit<Census, 'sampleOrder'> & { pgbenchRoundTrips: number; referenceRoundTrips: number };
  levels: LevelResult[];
  availability: AvailabilityResult;
  sustained?: SustainedResult;
  targets: Record<string, { target: string; measured: string; met: boolean }>;
  sourcing: SourcingBenchResult;
}

const f0 = (n: number) => String(Math.round(n));
const f1 = (n: number) => round(n, 1).toFixed(1);

export function targetsOf(levels: LevelResult[], availability: AvailabilityResult): BenchResults['targets'] {
  const at16 = levels.find((l) => l.connections === 16);
  const maxRss = Math.max(...levels.flatMap((l) => l.peakRssMb));
  const t: BenchResults['targets'] = {};
  if (at16) {
    t['mirror ≥ 45% of the minimal reference at 16 connections'] = { target: '≥ 45%', measured: `${f0(at16.mirrorVsReference * 100)}%`, met: at16.mirrorVsReference >= 0.45 };
    t['Ordo ≥ 60% of its mirror at 16 connections'] = { target: '≥ 60%', measured: `${f0(at16.ratio * 100)}%`, met: at16.ratio >= 0.6 };
    t['Ordo server CPU ≤ 1 ms per order at 16 connections'] = { target: '≤ 1 ms', measured: `${round(at16.serverCpuMsPerOrder, 2)} ms`, met: at16.serverCpuMsPerOrder <= 1 };
    t['p99 at 16 connections ≤ 25 ms (design §6: ≤ 50 ms)'] = { target: '≤ 25 ms', measured: `${at16.ordo.p99} ms`, met: at16.ordo.p99 <= 25 };
  }
  t['availability 100 SKUs p99 ≤ 10 ms'] = { target: '≤ 10 ms', measured: `p50 ${f1(availability.p50)} ms, p99 ${f1(availability.p99)} ms`, met: availability.p99 <= 10 };
  t['API process RSS ≤ 300 MB'] = { target: '≤ 300 MB', measured: `peak ${maxRss} MB`, met: maxRss <= 300 };
  t['no non-2xx responses'] = { target: '0', measured: String(levels.reduce((a, l) => a + l.ordo.non2xx + l.ordo.errors, 0)), met: levels.every((l) => l.ordo.non2xx === 0 && l.ordo.errors === 0) };
  return t;
}

export function markdown(r: BenchResults): string {
  const modes = r.config.pgbenchModes;
  const out: string[] = [];
  out.push(`### Order placement — ${r.config.processes} Ordo process${r.config.processes > 1 ? 'es' : ''}, pool ${r.config.poolSize}/process, ${r.config.durationSec} s per level`);
  out.push('');
  out.push(`| connections | Ordo orders/s | p50 ms | p99 ms | non-2xx | RSS MB (peak) | ${modes.map((m) => `pgbench tps (${m})`).join(' | ')} | pgbench avg ms (${modes[0]}) | reference tps | mirror / reference | Ordo / mirror (${modes[0]}) | Ordo CPU ms/order | PostgreSQL CPU ms/order | load avg (before → after) |`);
  out.push(`|---:|---:|---:|---:|---:|---:|${modes.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|---:|---:|`);
  for (const l of r.levels) {
    out.push(
      `| ${l.connections} | ${f0(l.ordo.rps)} | ${l.ordo.p50} | ${l.ordo.p99} | ${l.ordo.non2xx + l.ordo.errors} | ${l.rssMb.join('+')} (${Math.max(...l.peakRssMb)}) | ${modes
        .map((m) => f0(l.pgbench[m]?.tps ?? NaN))
        .join(' | ')} | ${f1(l.pgbench[modes[0]!]?.latencyAvgMs ?? NaN)} | ${f0(l.reference.tps)} | ${f0(l.mirrorVsReference * 100)}% | ${f0(l.ratio * 100)}% | ${round(l.serverCpuMsPerOrder, 2)} | ${round(l.postgresCpuMsPerOrder, 2)} | ${l.loadAvg1} → ${l.loadAvgEnd} |`,
    );
  }
  out.push('');
  out.push(`### Inventory availability — ${r.availability.skus} SKUs × all locations, ${r.availability.runs} sequential GETs`);
  out.push('');
  out.push(`p50 ${f1(r.availability.p50)} ms · p99 ${f1(r.availability.p99)} ms · max ${f1(r.availability.max)} ms · ${f1(r.availability.rowsPerResponse)} level rows per response`);
  if (r.availability.outboxBacklog) {
    const b = r.availability.outboxBacklog;
    const rate = (b.pending - b.left) / Math.max(0.001, b.drainSeconds);
    out.push(
      '',
      b.left === 0
        ? `Measured after the event handlers caught up: ${b.pending} outbox events were still to dispatch when the last placement level ended, drained in ${f1(b.drainSeconds)} s (${f1(rate)} events/s).`
        : `The event handlers had not caught up: ${b.pending} outbox events were to dispatch when the last placement level ended, ${b.left} still after ${f1(b.drainSeconds)} s (${f1(rate)} events/s); the reads ran alongside them.`,
    );
  }
  out.push('');
  out.push(`### Statement census (${r.census.orders} sequential placements, traced server)`);
  out.push('');
  out.push(`${r.census.statementsPerOrder} round trips per order (pgbench mirror: ${r.census.pgbenchRoundTrips}; minimal reference: ${r.census.referenceRoundTrips}); mean HTTP latency ${f1(r.census.httpMeanMs)} ms, of which ${f1(r.census.dbRoundTripMsPerOrder)} ms waiting on statements.`);
  out.push('');
  out.push('| statement | per order | mean ms |');
  out.push('|---|---:|---:|');
  for (const s of r.census.statements) out.push(`| \`${s.statement}\` | ${s.perOrder} | ${round(s.meanMs, 2)} |`);
  out.push('');
  out.push('### Targets');
  out.push('');
  out.push('| target | measured | met |');
  out.push('|---|---|---|');
  for (const [k, v] of Object.entries(r.targets)) out.push(`| ${k} | ${v.measured} | ${v.met ? 'yes' : '**no**'} |`);
  out.push('');
  out.push(`Machine: ${r.machine.nproc} × ${r.machine.cpuModel}, ${r.machine.ramGb} GB RAM, Node ${r.machine.node}, ${r.machine.postgres}. Total run ${f0(r.totalSeconds)} s.`);
  return out.join('\n');
}
