/**
 * Preload for the statement census only (never for the measured servers): wraps pg's Client#query
 * and keeps one JSON line per statement (text, round-trip ms, rows) in memory; SIGUSR2 appends the
 * buffer to BENCH_TRACE_FILE and empties it (no file I/O on the request path).
 * Used as: node --import tsx --import ./bench/trace-pg.ts cli/ordo.ts serve
 */
import { appendFileSync } from 'node:fs';
import pg from 'pg';

const file = process.env.BENCH_TRACE_FILE;
if (file) {
  let buffer: string[] = [];
  process.on('SIGUSR2', () => {
    if (buffer.length) appendFileSync(file, `${buffer.join('\n')}\n`);
    buffer = [];
  });
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  proto.query = function traced(this: pg.Client, ...args: unknown[]): unknown {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    const t0 = performance.now();
    const out = original.apply(this, args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      void (out as Promise<{ rowCount?: number | null }>).then(
        (r) => buffer.push(JSON.stringify({ text, ms: performance.now() - t0, rows: r?.rowCount ?? null })),
        () => buffer.push(JSON.stringify({ text, ms: performance.now() - t0, error: true })),
      );
    }
    return out;
  };
}
