import autocannon, { type RawResult, type RequestParams } from 'autocannon';
import { prng, randInt, skuOf } from './prng.js';
import type { ServerProc } from './server.js';

/** Ship-to points: the four cities the locations are in plus Cologne (no location). */
const shipTo = [
  { city: 'Berlin', postalCode: '10117', latitude: 52.517, longitude: 13.389 },
  { city: 'Hamburg', postalCode: '20095', latitude: 53.55, longitude: 10.0 },
  { city: 'Munich', postalCode: '80331', latitude: 48.137, longitude: 11.575 },
  { city: 'Frankfurt', postalCode: '60311', latitude: 50.11, longitude: 8.68 },
  { city: 'Cologne', postalCode: '50667', latitude: 50.937, longitude: 6.96 },
];

export interface OrderGen {
  /** A fresh 3-line order body (distinct SKUs, quantity 1–3) and a unique externalId. */
  next(): { body: string; key: string };
}

export function orderGenerator(opts: { seed: number; runId: string; stream: number; skus: number; customers: number }): OrderGen {
  const rnd = prng(opts.seed + opts.stream * 7919);
  let n = 0;
  return {
    next() {
      n++;
      const picked = new Set<number>();
      while (picked.size < 3) picked.add(randInt(rnd, 1, opts.skus));
      const c = randInt(rnd, 1, opts.customers);
      const to = shipTo[randInt(rnd, 0, shipTo.length - 1)]!;
      const externalId = `bench-${opts.runId}-${opts.stream}-${n}`;
      const body = {
        channel: 'web',
        externalId,
        customer: { email: `customer${c}@bench.example`, name: `Customer ${c}` },
        shippingAddress: { name: `Customer ${c}`, line1: 'Hauptstraße 1', city: to.city, postalCode: to.postalCode, country: 'DE', latitude: to.latitude, longitude: to.longitude },
        lines: [...picked].map((s) => ({ sku: skuOf(s), quantity: randInt(rnd, 1, 3) })),
      };
      return { body: JSON.stringify(body), key: externalId };
    },
  };
}

export interface LoadResult {
  connections: number;
  processes: number;
  requests: number;
  durationSec: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/**
 * Runs `connections` autocannon connections split evenly over the server processes (one autocannon
 * instance per process, all in parallel) and merges the raw results with autocannon.aggregateResult,
 * so the latency percentiles come from one combined histogram (not an average of percentiles).
 */
export async function placeOrders(opts: {
  servers: ServerProc[];
  connections: number;
  durationSec: number;
  gens: OrderGen[];
  apiKey: string;
  idempotency: boolean;
  /** A fixed total rate (orders/s over all processes) instead of as fast as possible. */
  overallRate?: number;
}): Promise<LoadResult> {
  const n = opts.servers.length;
  const per = opts.servers.map((_, i) => Math.floor(opts.connections / n) + (i < opts.connections % n ? 1 : 0));
  const runs = opts.servers
    .map((s, i) => ({ s, conns: per[i]!, gen: opts.gens[i]! }))
    .filter((r) => r.conns > 0)
    .map(({ s, conns, gen }) =>
      autocannon({
        url: s.url,
        connections: conns,
        duration: opts.durationSec,
        timeout: 30,
        ...(opts.overallRate ? { overallRate: Math.max(1, Math.round((opts.overallRate * conns) / opts.connections)) } : {}),
        skipAggregateResult: true,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/orders',
            setupRequest: (req: RequestParams): RequestParams => {
              const o = gen.next();
              const headers: Record<string, string> = {
                'content-type': 'application/json',
                authorization: `Bearer ${opts.apiKey}`,
              };
              if (opts.idempotency) headers['idempotency-key'] = o.key;
              return { ...req, headers, body: o.body };
            },
          },
        ],
      }),
    );
  const raws: RawResult[] = await Promise.all(runs);
  const agg = autocannon.aggregateResult(raws, { url: opts.servers[0]!.url, connections: opts.connections });
  const completed = raws.reduce((a, r) => a + r.totalCompletedRequests, 0);
  const durationSec = Math.max(...raws.map((r) => r.duration));
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(agg.statusCodeStats)) statusCodes[code] = v.count;
  return {
    connections: opts.connections,
    processes: n,
    requests: completed,
    durationSec,
    rps: completed / durationSec,
    p50: agg.latency.p50,
    p90: agg.latency.p90,
    p99: agg.latency.p99,
    max: agg.latency.max,
    non2xx: agg.non2xx,
    errors: agg.errors,
    timeouts: agg.timeouts,
    statusCodes,
  };
}
