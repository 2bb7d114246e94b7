import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import { queryRows } from '../db/query.js';

export type DeadLetterAction = 'replayed' | 'skipped';

/**
 * Gives a dead letter a fresh set of attempts, due now; delivered in order before the later events
 * of its aggregate that it held back. Null when the event is not (or no longer) a dead letter.
 */
export async function replayDeadLetter(db: Db, eventId: string, now: Date): Promise<{ eventId: string; type: string } | null> {
  const [row] = await db
    .update(outbox)
    .set({ deadAt: null, attempts: 0, availableAt: now, lockedBy: null, lockedUntil: null })
    .where(and(eq(outbox.eventId, eventId), isNotNull(outbox.deadAt), isNull(outbox.dispatchedAt)))
    .returning({ eventId: outbox.eventId, type: outbox.type });
  return row ?? null;
}

/**
 * Gives up on a dead letter: it is marked dispatched (and skipped) without its handlers, which lets
 * the later events of its aggregate go on. Null when the event is not (or no longer) a dead letter.
 */
export async function skipDeadLetter(db: Db, eventId: string, now: Date): Promise<{ eventId: string; type: string } | null> {
  const [row] = await db
    .update(outbox)
    .set({ dispatchedAt: now, skippedAt: now, lockedBy: null, lockedUntil: null })
    .where(and(eq(outbox.eventId, eventId), isNotNull(outbox.deadAt), isNull(outbox.dispatchedAt)))
    .returning({ eventId: outbox.eventId, type: outbox.type });
  return row ?? null;
}

export interface Backlog {
  /** Undelivered events, dead letters excluded. */
  pending: number;
  /** Of those, due now (not waiting out a retry backoff). */
  due: number;
  /** Of those, leased by a dispatcher right now. */
  leased: number;
  /** Of those, failed at least once and waiting to retry. */
  retrying: number;
  deadLetters: number;
  oldestPendingAt: Date | null;
  byType: Array<{ type: string; pending: number; deadLetters: number }>;
  /** Dispatchers holding leases now. */
  workers: Array<{ workerId: string; leased: number }>;
}

/** The queue as operators see it (GET /events/backlog); one scan of the pending rows. */
export async function outboxBacklog(db: Db, now: Date): Promise<Backlog> {
  const at = now.toISOString();
  const byType = await queryRows<{ type: string; pending: number; dead: number; due: number; leased: number; retrying: number; oldest: Date | string | null }>(
    db,
    sql`select type,
          count(*) filter (where dead_at is null)::int as pending,
          count(*) filter (where dead_at is not null)::int as dead,
          count(*) filter (where dead_at is null and available_at <= ${at}::timestamptz)::int as due,
          count(*) filter (where dead_at is null and locked_until > ${at}::timestamptz)::int as leased,
          count(*) filter (where dead_at is null and attempts > 0)::int as retrying,
          min(occurred_at) filter (where dead_at is null) as oldest
        from outbox where dispatched_at is null group by type order by count(*) desc, type`,
  );
  const workers = await queryRows<{ worker_id: string; leased: number }>(
    db,
    sql`select locked_by as worker_id, count(*)::int as leased from outbox
        where dispatched_at is null and locked_until > ${at}::timestamptz group by locked_by order by locked_by`,
  );
  const sum = (k: 'pending' | 'dead' | 'due' | 'leased' | 'retrying') => byType.reduce((n, r) => n + r[k], 0);
  const oldest = byType.map((r) => (r.oldest ? new Date(r.oldest) : null)).filter((d): d is Date => d !== null);
  return {
    pending: sum('pending'),
    due: sum('due'),
    leased: sum('leased'),
    retrying: sum('retrying'),
    deadLetters: sum('dead'),
    oldestPendingAt: oldest.length ? new Date(Math.min(...oldest.map((d) => d.getTime()))) : null,
    byType: byType.map((r) => ({ type: r.type, pending: r.pending, deadLetters: r.dead })),
    workers: workers.map((w) => ({ workerId: w.worker_id, leased: w.leased })),
  };
}

export interface DeadLetter {
  id: number;
  eventId: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  occurredAt: Date;
  deadAt: Date;
  attempts: number;
  lastError: string | null;
  payload: unknown;
  /** Later events of the same aggregate waiting behind it. */
  heldBack: number;
}

/** Dead letters, oldest first, after `afterId` (the cursor). */
export async function listDeadLetters(db: Db, opts: { limit: number; afterId?: number; type?: string }): Promise<DeadLetter[]> {
  const rows = await db
    .select({
      id: outbox.id,
      eventId: outbox.eventId,
      type: outbox.type,
      aggregateType: outbox.aggregateType,
      aggregateId: outbox.aggregateId,
      occurredAt: outbox.occurredAt,
      deadAt: outbox.deadAt,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      payload: outbox.payload,
      heldBack: sql<number>`(select count(*)::int from outbox later where later.dispatched_at is null
        and later.aggregate_type = outbox.aggregate_type and later.aggregate_id = outbox.aggregate_id and later.id > outbox.id)`,
    })
    .from(outbox)
    .where(
      and(
        isNotNull(outbox.deadAt),
        isNull(outbox.dispatchedAt),
        opts.afterId !== undefined ? gt(outbox.id, opts.afterId) : undefined,
        opts.type ? eq(outbox.type, opts.type) : undefined,
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(opts.limit);
  return rows.map((r) => ({ ...r, deadAt: r.deadAt!, heldBack: Number(r.heldBack) }));
}

/** Whether an event exists at all (a 404 vs a 409 for replay/skip). */
export async function outboxEventState(db: Db, eventId: string): Promise<'dead' | 'pending' | 'delivered' | null> {
  const [row] = await db.select({ deadAt: outbox.deadAt, dispatchedAt: outbox.dispatchedAt }).from(outbox).where(eq(outbox.eventId, eventId));
  if (!row) return null;
  return row.dispatchedAt ? 'delivered' : row.deadAt ? 'dead' : 'pending';
}
