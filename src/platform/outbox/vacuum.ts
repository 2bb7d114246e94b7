import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Logger } from 'pino';
import { sessionOptions, type Db } from '../db/client.js';
import { queryRows } from '../db/query.js';

/** The queue tables: every event is inserted, leased, marked and pruned, so they collect dead rows fastest. */
export const queueTables = ['outbox', 'processed_events'] as const;

/** What the vacuum job reports to metrics (src/platform/metrics.ts implements it with prom-client). */
export interface VacuumObserver {
  vacuumed(table: string, deadTuples: number, seconds: number): void;
}

export interface QueueVacuumOptions {
  /** The PostgreSQL server's URL; undefined on the embedded database (PGlite), where the job does nothing. */
  databaseUrl: string | undefined;
  /** A table is vacuumed once pg_stat_user_tables counts at least this many dead rows in it. */
  minDeadTuples: number;
  log?: Logger;
  observer?: VacuumObserver;
}

export interface QueueVacuumResult {
  vacuumed: Array<{ table: string; deadTuples: number; ms: number }>;
  /** Tables left alone: dead rows under the threshold, or a vacuum (autovacuum's) already running on them. */
  skipped: Array<{ table: string; deadTuples: number; reason: 'below-threshold' | 'vacuum-running' }>;
}

/**
 * `VACUUM (ANALYZE)` of the queue tables whose dead rows passed `minDeadTuples`, for servers where autovacuum is off
 * or lags behind (a claim walks past every dead row of the pending indexes: docs/events-operations.md). Autovacuum,
 * where it ran, has already reset the count, so this does nothing then. VACUUM cannot run inside a transaction
 * block, so it gets a connection of its own (not one of the pool's, which may be lent to a transaction).
 */
export async function vacuumQueueTables(db: Db, opts: QueueVacuumOptions): Promise<QueueVacuumResult> {
  const result: QueueVacuumResult = { vacuumed: [], skipped: [] };
  if (!opts.databaseUrl) return result;
  const stats = await queryRows<{ schema: string; table: string; dead: string | number; running: boolean }>(
    db,
    sql`select s.schemaname as schema, s.relname as table, s.n_dead_tup as dead,
          exists (select 1 from pg_stat_progress_vacuum p where p.relid = s.relid) as running
        from pg_stat_user_tables s
        where s.relid = any(array[${sql.join(queueTables.map((t) => sql`to_regclass(${t})`), sql`, `)}]::oid[])
        order by s.relname`,
  );
  const due = [];
  for (const s of stats) {
    const deadTuples = Number(s.dead);
    if (s.running) result.skipped.push({ table: s.table, deadTuples, reason: 'vacuum-running' });
    else if (deadTuples < opts.minDeadTuples) result.skipped.push({ table: s.table, deadTuples, reason: 'below-threshold' });
    else due.push({ ...s, deadTuples });
  }
  if (due.length === 0) return result;
  const client = new pg.Client(sessionOptions(opts.databaseUrl));
  await client.connect();
  try {
    for (const t of due) {
      const started = performance.now();
      await client.query(`vacuum (analyze) ${client.escapeIdentifier(t.schema)}.${client.escapeIdentifier(t.table)}`);
      const ms = Math.round(performance.now() - started);
      result.vacuumed.push({ table: t.table, deadTuples: t.deadTuples, ms });
      opts.log?.info({ table: t.table, deadTuples: t.deadTuples, ms }, 'vacuumed a queue table');
      opts.observer?.vacuumed(t.table, t.deadTuples, ms / 1000);
    }
  } finally {
    await client.end();
  }
  return result;
}
