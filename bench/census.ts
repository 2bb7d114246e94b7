import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { OrderGen } from './orders.js';
import { startServer, stopServer } from './server.js';

export interface StatementStat {
  statement: string;
  perOrder: number;
  meanMs: number;
}

export interface Census {
  orders: number;
  statementsPerOrder: number;
  /** Mean HTTP latency of a sequential placement, and the share of it spent waiting on statements. */
  httpMeanMs: number;
  dbRoundTripMsPerOrder: number;
  statements: StatementStat[];
  sampleOrder: unknown;
}

/** Shortens a statement to its shape: first keywords and table, values elided. */
export function shapeOf(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const m =
    /^(insert into "?\w+"?)/i.exec(t) ??
    /^(update "?\w+"?)/i.exec(t) ??
    /^(select .*? from "?\w+"?(?: "?\w+"?)?(?: inner join "?\w+"?)?)/i.exec(t) ??
    /^(\w+)/.exec(t);
  let shape = m?.[1] ?? t.slice(0, 60);
  if (/^select/i.test(shape) && shape.length > 70) shape = `select … ${/from .*/i.exec(shape)?.[0] ?? ''}`;
  if (/ for update/i.test(t)) shape += ' … for update';
  if (/on conflict/i.test(t)) shape += ' … on conflict';
  if (/nextval/i.test(t)) shape += ' (nextval)';
  return shape.toLowerCase().replace(/"/g, '');
}

/**
 * Places `orders` orders one at a time against a separate server started with the pg tracing preload
 * (bench/trace-pg.ts) and counts the statements each placement sends. Background jobs are slowed so
 * they do not add statements. This server is never the one measured.
 */
export async function statementCensus(opts: {
  databaseUrl: string;
  apiKey: string;
  gen: OrderGen;
  orders: number;
  traceFile: string;
}): Promise<Census> {
  const server = await startServer({
    databaseUrl: opts.databaseUrl,
    apiKey: opts.apiKey,
    poolSize: 2,
    // The preload is TypeScript: tsx's loader first (bin/ordo.mjs then runs the compiled build or the sources).
    nodeArgs: ['--import', 'tsx', '--import', './bench/trace-pg.ts'],
    env: { BENCH_TRACE_FILE: opts.traceFile, ORDO_OUTBOX_POLL_MS: '60000' },
  });
  try {
    const post = async () => {
      const o = opts.gen.next();
      const res = await fetch(`${server.url}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.apiKey}` },
        body: o.body,
      });
      const body: unknown = await res.json();
      if (res.status !== 201) throw new Error(`census order got ${res.status}: ${JSON.stringify(body)}`);
      return body;
    };
    const flush = async () => {
      server.child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 300));
    };
    for (let i = 0; i < 20; i++) await post(); // warm up the JIT and the pool
    await flush();
    rmSync(opts.traceFile, { force: true });
    let sampleOrder: unknown;
    const t0 = performance.now();
    for (let i = 0; i < opts.orders; i++) sampleOrder = await post();
    const httpMeanMs = (performance.now() - t0) / opts.orders;
    await flush();
    const lines = readFileSync(opts.traceFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; ms: number });
    const byShape = new Map<string, { n: number; ms: number }>();
    for (const l of lines) {
      const k = shapeOf(l.text);
      const e = byShape.get(k) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += l.ms;
      byShape.set(k, e);
    }
    const statements = [...byShape].map(([statement, e]) => ({ statement, perOrder: e.n / opts.orders, meanMs: e.ms / e.n }));
    return {
      orders: opts.orders,
      statementsPerOrder: lines.length / opts.orders,
      httpMeanMs,
      dbRoundTripMsPerOrder: lines.reduce((a, l) => a + l.ms, 0) / opts.orders,
      statements,
      sampleOrder,
    };
  } finally {
    await stopServer(server);
  }
}

export const traceFileIn = (dir: string) => join(dir, 'census-trace.jsonl');
