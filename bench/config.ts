/** Benchmark settings, all overridable through environment variables (documented in docs/benchmarks.md). */
const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
};

export interface BenchConfig {
  databaseUrl: string;
  processes: number;
  connections: number[];
  durationSec: number;
  warmupSec: number;
  poolSize: number;
  skus: number;
  customers: number;
  availabilityRuns: number;
  availabilitySkus: number;
  /** Send an Idempotency-Key with every order (and mirror its two statements in pgbench). */
  idempotency: boolean;
  /**
   * pgbench protocols to run, the first is the ratio's denominator: prepared (parse once: the raw
   * limit), extended (parse every statement, as node-postgres does with unnamed statements).
   */
  pgbenchModes: Array<'prepared' | 'extended'>;
  /** Write a V8 CPU profile of each server process to bench/results/prof/. */
  cpuProfile: boolean;
  seed: number;
  apiKey: string;
  /** Sustained level: orders/s placed at a fixed rate for `sustainedSec` (0 = skip) with the handlers running. */
  sustainedRate: number;
  sustainedSec: number;
  /** `ordo worker` processes running the handlers; 0 = the servers run them (ORDO_WORKER). */
  workers: number;
}

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const modes = (env.BENCH_PGBENCH_MODES || 'prepared,extended').split(',').map((m) => m.trim());
  for (const m of modes) if (m !== 'prepared' && m !== 'extended') throw new Error('BENCH_PGBENCH_MODES must list prepared and/or extended');
  const processes = int('BENCH_PROCESSES', 1);
  if (processes < 1 || processes > 8) throw new Error('BENCH_PROCESSES must be 1..8');
  return {
    databaseUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ordo_bench',
    processes,
    connections: (env.BENCH_CONNECTIONS ?? '1,4,16,64').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0),
    durationSec: int('BENCH_DURATION', 10),
    warmupSec: int('BENCH_WARMUP', 3),
    poolSize: int('BENCH_POOL_SIZE', 10),
    skus: int('BENCH_SKUS', 10_000),
    customers: int('BENCH_CUSTOMERS', 50_000),
    availabilityRuns: int('BENCH_AVAILABILITY_RUNS', 200),
    availabilitySkus: 100,
    idempotency: env.BENCH_IDEMPOTENCY === '1' || env.BENCH_IDEMPOTENCY === 'true',
    pgbenchModes: modes as Array<'prepared' | 'extended'>,
    cpuProfile: env.BENCH_CPU_PROF === '1' || env.BENCH_CPU_PROF === 'true',
    seed: int('BENCH_SEED', 20240601),
    apiKey: 'bench-dev-api-key-0123456789abcdef',
    sustainedRate: int('BENCH_SUSTAINED_RATE', 250),
    sustainedSec: int('BENCH_SUSTAINED_SEC', 120),
    workers: int('BENCH_WORKERS', 0),
  };
}
