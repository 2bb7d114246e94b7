import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sql } from 'drizzle-orm';
import type { Db } from './db/client.js';
import { queryRows } from './db/query.js';
import type { Clock } from './clock.js';
import type { DispatcherObserver } from './outbox/dispatcher.js';
import type { VacuumObserver } from './outbox/vacuum.js';

/** One registry per app instance, so tests can build many apps in one process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ordo_' });
  const httpDuration = new Histogram({
    name: 'ordo_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const domainEvents = new Counter({
    name: 'ordo_outbox_events_total',
    help: 'Outbox events dispatched, by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  const handlerDuration = new Histogram({
    name: 'ordo_outbox_handler_duration_seconds',
    help: 'Time an event handler took (inside its delivery transaction), by handler and event type',
    labelNames: ['handler', 'type'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  const retries = new Counter({ name: 'ordo_outbox_retries_total', help: 'Failed deliveries scheduled for a retry, by event type', labelNames: ['type'] as const, registers: [registry] });
  const deadLetters = new Counter({ name: 'ordo_outbox_dead_letters_total', help: 'Events that exhausted their retries, by event type', labelNames: ['type'] as const, registers: [registry] });
  const dispatcher: DispatcherObserver = {
    handled: (handler, type, seconds) => handlerDuration.labels(handler, type).observe(seconds),
    dispatched: (type, count) => domainEvents.labels(type, 'dispatched').inc(count),
    retried: (type) => retries.labels(type).inc(),
    dead: (type) => deadLetters.labels(type).inc(),
  };
  const vacuums = new Counter({ name: 'ordo_queue_vacuums_total', help: 'VACUUM (ANALYZE) runs of a queue table by the vacuum-queue-tables job (this process), by table', labelNames: ['table'] as const, registers: [registry] });
  const vacuumedRows = new Counter({ name: 'ordo_queue_vacuum_dead_rows_total', help: 'Dead rows counted in a queue table when the vacuum-queue-tables job vacuumed it, by table', labelNames: ['table'] as const, registers: [registry] });
  const vacuum: VacuumObserver = {
    vacuumed: (table, deadTuples) => {
      vacuums.labels(table).inc();
      vacuumedRows.labels(table).inc(deadTuples);
    },
  };
  return { registry, httpDuration, domainEvents, handlerDuration, retries, deadLetters, dispatcher, vacuum };
}

/**
 * Queue gauges read from the database at each scrape (cluster-wide, whichever process is scraped):
 * pending events, dead letters, age of the oldest pending event.
 */
export function registerOutboxGauges(metrics: Metrics, db: Db, clock: Clock): void {
  let last: Promise<{ pending: number; dead: number; oldest: Date | null }> | undefined;
  // One query per scrape for the three gauges.
  const read = () =>
    (last ??= queryRows<{ pending: number; dead: number; oldest: Date | string | null }>(
      db,
      sql`select count(*) filter (where dead_at is null)::int as pending, count(*) filter (where dead_at is not null)::int as dead,
          min(occurred_at) filter (where dead_at is null) as oldest from outbox where dispatched_at is null`,
    )
      .then(([r]) => ({ pending: r?.pending ?? 0, dead: r?.dead ?? 0, oldest: r?.oldest ? new Date(r.oldest) : null }))
      // A database that does not answer shows as NaN instead of failing the whole scrape.
      .catch(() => ({ pending: Number.NaN, dead: Number.NaN, oldest: null }))
      .finally(() => setTimeout(() => (last = undefined), 0)));
  new Gauge({
    name: 'ordo_outbox_pending_events',
    help: 'Outbox events not yet delivered (queue depth), dead letters excluded',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).pending);
    },
  });
  new Gauge({
    name: 'ordo_outbox_dead_letter_events',
    help: 'Dead letters waiting for a replay or skip',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).dead);
    },
  });
  new Gauge({
    name: 'ordo_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest undelivered event (0 when the queue is empty)',
    registers: [metrics.registry],
    async collect() {
      const { oldest } = await read();
      this.set(oldest ? Math.max(0, (clock.now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
}

export type Metrics = ReturnType<typeof createMetrics>;

export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpDuration
      .labels(req.method, req.routeOptions.url ?? 'unmatched', String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    void reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
