// Minimal types for the parts of autocannon 8 the benchmark uses (the package ships none).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface RequestParams {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }

  export interface Request extends RequestParams {
    setupRequest?: (req: RequestParams, context: Record<string, unknown>) => RequestParams;
  }

  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    pipelining?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: Request[];
    /** Requests per second across all connections of this instance (a fixed rate, not as fast as possible). */
    overallRate?: number;
    /** Return the raw per-instance result (encoded histograms) for autocannon.aggregateResult. */
    skipAggregateResult?: boolean;
  }

  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
    p99_9: number;
    [k: string]: number;
  }

  export interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { sent: number };
    totalCompletedRequests?: number;
  }

  /** Raw result of one instance run with skipAggregateResult. */
  export interface RawResult {
    totalCompletedRequests: number;
    duration: number;
    [k: string]: unknown;
  }

  interface Autocannon {
    (opts: Options & { skipAggregateResult: true }): EventEmitter & Promise<RawResult>;
    (opts: Options): EventEmitter & Promise<Result>;
    aggregateResult(results: RawResult[], opts?: Partial<Options>): Result;
  }

  const autocannon: Autocannon;
  export default autocannon;
}
