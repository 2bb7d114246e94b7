import { prng, randInt, skuOf } from './prng.js';
import { percentile } from './stats.js';

export interface AvailabilityResult {
  runs: number;
  skus: number;
  p50: number;
  p99: number;
  max: number;
  rowsPerResponse: number;
  /** Outbox events still to dispatch when the placement levels ended, and how long they took to drain before the reads. */
  outboxBacklog?: { pending: number; left: number; drainSeconds: number };
}

/** GET /api/v1/inventory/availability for `skus` random SKUs, sequentially (one keep-alive connection). */
export async function measureAvailability(opts: { url: string; apiKey: string; runs: number; skus: number; skuCount: number; seed: number }): Promise<AvailabilityResult> {
  const rnd = prng(opts.seed ^ 0xa5a5);
  const query = () => {
    const picked = new Set<number>();
    while (picked.size < opts.skus) picked.add(randInt(rnd, 1, opts.skuCount));
    return [...picked].map(skuOf).join(',');
  };
  const get = async () => {
    const t0 = performance.now();
    const res = await fetch(`${opts.url}/api/v1/inventory/availability?skus=${query()}`, { headers: { authorization: `Bearer ${opts.apiKey}` } });
    const body = (await res.json()) as { items?: Array<{ locations?: unknown[] }> };
    const ms = performance.now() - t0;
    if (res.status !== 200 || body.items?.length !== opts.skus) throw new Error(`availability returned ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    return { ms, rows: body.items.reduce((a, i) => a + (i.locations?.length ?? 0), 0) };
  };
  for (let i = 0; i < 20; i++) await get(); // warm-up
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < opts.runs; i++) {
    const r = await get();
    times.push(r.ms);
    rows += r.rows;
  }
  times.sort((a, b) => a - b);
  return { runs: opts.runs, skus: opts.skus, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1]!, rowsPerResponse: rows / opts.runs };
}
