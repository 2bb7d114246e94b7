import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { outbox, processedEvents } from '../db/schema/index.js';
import { queryRows } from '../db/query.js';
import type { Clock } from '../clock.js';
import type { OutboxEvent } from './outbox.js';

/** A consumer of outbox events. `handle` runs in a transaction that also records it as processed. */
export interface EventHandler {
  /** Stable name: the idempotency key together with the event id. */
  name: string;
  /** Event types handled; '*' for all. */
  types: readonly string[] | '*';
  handle(tx: Db, event: OutboxEvent): Promise<void>;
  /**
   * Optional work after `handle` committed, outside any transaction (e.g. a payment gateway call
   * that `handle` reserved). Runs on every delivery attempt, so it must be idempotent; if it throws,
   * the event is retried with backoff.
   */
  afterCommit?(event: OutboxEvent): Promise<void>;
}

export interface DispatchResult {
  dispatched: number;
  failed: number;
}

/** What the dispatcher reports to metrics (src/platform/metrics.ts implements it with prom-client). */
export interface DispatcherObserver {
  handled(handler: string, type: string, seconds: number): void;
  dispatched(type: string, count: number): void;
  retried(type: string): void;
  dead(type: string): void;
}

export interface DispatcherOptions {
  clock: Clock;
  log?: Logger;
  /** Events claimed per batch (heads of aggregates; their already-waiting followers come along). Default 100. */
  batchSize?: number;
  pollMs?: number;
  /** Aggregates delivered side by side within one batch (each takes a pool connection). Default 1. */
  concurrency?: number;
  /** How long a claim holds its events before another dispatcher may take them over. Default 30 s. */
  leaseMs?: number;
  /** Attempts before an event becomes a dead letter. Default 12 (about 37 min of retries). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to 10 min. Default 1 s. */
  retryBaseMs?: number;
  /** [0, 1): jitter source (tests inject a fixed one). */
  random?: () => number;
  /** Names this dispatcher in `outbox.locked_by` (default host/pid/random). */
  workerId?: string;
  observer?: DispatcherObserver;
}

const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Delay before attempt `attempts + 1`: exponential (base · 2^(attempts−1), capped at 10 min) with
 * "equal jitter": half fixed, half random, so retries of many events failing together spread out.
 */
export const backoffMs = (attempts: number, random: () => number = Math.random, baseMs = 1000): number => {
  const d = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(d / 2 + (d / 2) * random());
};

export const defaultWorkerId = () => `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;

type Row = typeof outbox.$inferSelect;

/**
 * Delivers outbox events to handlers, at least once, exactly once in effect. Shared by any number of
 * dispatchers (threads of one process or several processes) through leases:
 *
 * - **Claim.** One transaction picks the oldest *heads* — pending events with no earlier pending event
 *   of their aggregate — under `FOR UPDATE SKIP LOCKED`, and leases them together with the events
 *   already waiting behind them (`locked_by`, `locked_until`). A follower is never claimable on its
 *   own while an earlier event of its aggregate is pending, so one aggregate is only ever in one claim.
 * - **Deliver.** Per event, every interested handler runs in one transaction that also records each
 *   (handler, event) in processed_events; then `afterCommit` hooks. A crash before the mark or a lease
 *   taken over by a peer re-delivers the event, and processed_events makes the handlers skip it.
 * - **Mark.** Delivered events are marked in one UPDATE per batch; a failing event gets its retry time
 *   (exponential backoff with jitter) and stops its aggregate for this batch; after `maxAttempts` it
 *   is a dead letter (`dead_at`), which keeps holding back later events of its aggregate until it is
 *   replayed or skipped (see dead-letters.ts). Other aggregates are not held back.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  readonly workerId: string;

  constructor(
    private readonly db: Db,
    private readonly handlers: EventHandler[],
    private readonly opts: DispatcherOptions,
  ) {
    this.workerId = opts.workerId ?? defaultWorkerId();
  }

  /** One batch: claim, deliver, mark. */
  async dispatchOnce(): Promise<DispatchResult> {
    return (await this.dispatchBatch()).result;
  }

  private get batchSize() {
    return this.opts.batchSize ?? 100;
  }

  /** Leases the next events; exported for tests of the claim itself (e.g. a worker that dies holding them). */
  async claim(now: Date = this.opts.clock.now()): Promise<Row[]> {
    const until = new Date(now.getTime() + (this.opts.leaseMs ?? 30_000));
    const nowIso = now.toISOString();
    return this.db.transaction(async (tx) => {
      const heads = await queryRows<{ aggregate_type: string; aggregate_id: string }>(
        tx,
        sql`select o.aggregate_type, o.aggregate_id from outbox o
            where o.dispatched_at is null and o.dead_at is null and o.available_at <= ${nowIso}::timestamptz
              and (o.locked_until is null or o.locked_until <= ${nowIso}::timestamptz)
              and not exists (select 1 from outbox p where p.dispatched_at is null
                and p.aggregate_type = o.aggregate_type and p.aggregate_id = o.aggregate_id and p.id < o.id)
            order by o.id limit ${this.batchSize}
            for update of o skip locked`,
      );
      if (heads.length === 0) return [];
      const aggregates = sql.join(
        heads.map((h) => sql`(${h.aggregate_type}, ${h.aggregate_id})`),
        sql`, `,
      );
      const rows = await tx
        .update(outbox)
        .set({ lockedBy: this.workerId, lockedUntil: until })
        .where(
          and(
            isNull(outbox.dispatchedAt),
            or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now)),
            sql`${outbox.id} in (select id from outbox where dispatched_at is null
                and (aggregate_type, aggregate_id) in (${aggregates}) order by id limit ${this.batchSize * 4})`,
          ),
        )
        .returning();
      return rows.sort((a, b) => a.id - b.id);
    });
  }

  private async dispatchBatch(): Promise<{ result: DispatchResult; batch: number }> {
    const result: DispatchResult = { dispatched: 0, failed: 0 };
    const now = this.opts.clock.now();
    const batch = await this.claim(now);
    if (batch.length === 0) return { result, batch: 0 };
    const byAggregate = new Map<string, Row[]>();
    for (const row of batch) {
      const key = `${row.aggregateType}\u0000${row.aggregateId}`;
      const rows = byAggregate.get(key);
      if (rows) rows.push(row);
      else byAggregate.set(key, [row]);
    }
    const delivered: Row[] = [];
    const queue = [...byAggregate.values()];
    const worker = async () => {
      for (let rows = queue.shift(); rows; rows = queue.shift()) {
        for (const row of rows) {
          // A dead letter or an event still waiting out its backoff holds back the rest of its aggregate.
          if (row.deadAt || row.availableAt.getTime() > now.getTime()) break;
          if (!(await this.deliver(row, now))) {
            result.failed++;
            break;
          }
          delivered.push(row);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.opts.concurrency ?? 1, queue.length)) }, worker));
    result.dispatched = await this.finish(batch, delivered);
    return { result, batch: batch.length };
  }

  /** Batched marks: delivered events dispatched in one UPDATE, the leases of the rest released in another. */
  private async finish(batch: Row[], delivered: Row[]): Promise<number> {
    let marked = 0;
    if (delivered.length) {
      const ids = delivered.map((r) => r.id);
      const done = await this.db
        .update(outbox)
        .set({ dispatchedAt: this.opts.clock.now(), attempts: sql`${outbox.attempts} + 1`, lastError: null, lockedBy: null, lockedUntil: null })
        .where(and(inArray(outbox.id, ids), isNull(outbox.dispatchedAt)))
        .returning({ type: outbox.type });
      marked = done.length;
      if (this.opts.observer) {
        const byType = new Map<string, number>();
        for (const d of done) byType.set(d.type, (byType.get(d.type) ?? 0) + 1);
        for (const [type, n] of byType) this.opts.observer.dispatched(type, n);
      }
    }
    const deliveredIds = new Set(delivered.map((r) => r.id));
    const rest = batch.filter((r) => !deliveredIds.has(r.id)).map((r) => r.id);
    if (rest.length) {
      await this.db
        .update(outbox)
        .set({ lockedBy: null, lockedUntil: null })
        .where(and(inArray(outbox.id, rest), sql`${outbox.lockedBy} = ${this.workerId}`));
    }
    return marked;
  }

  /** Runs every interested handler of one event in one transaction, then the afterCommit hooks; false when it failed. */
  private async deliver(row: Row, now: Date): Promise<boolean> {
    const event: OutboxEvent = { ...row, payload: row.payload as Record<string, unknown> };
    const interested = this.handlers.filter((h) => h.types === '*' || h.types.includes(event.type));
    try {
      if (interested.length) {
        await this.db.transaction(async (tx) => {
          const fresh = await tx
            .insert(processedEvents)
            .values(interested.map((h) => ({ consumer: h.name, eventId: event.eventId, processedAt: now })))
            .onConflictDoNothing()
            .returning({ consumer: processedEvents.consumer });
          const run = new Set(fresh.map((f) => f.consumer));
          for (const h of interested) {
            if (!run.has(h.name)) continue; // already handled (by us before a crash, or by a peer)
            const started = performance.now();
            await h.handle(tx, event);
            this.opts.observer?.handled(h.name, event.type, (performance.now() - started) / 1000);
          }
        });
        for (const h of interested) if (h.afterCommit) await h.afterCommit(event);
      }
      return true;
    } catch (err) {
      await this.fail(row, err, now);
      return false;
    }
  }

  private async fail(row: Row, err: unknown, now: Date): Promise<void> {
    const attempts = row.attempts + 1;
    const dead = attempts >= (this.opts.maxAttempts ?? 12);
    const message = String((err as Error)?.message ?? err).slice(0, 2000);
    this.opts.log?.warn({ err, eventId: row.eventId, type: row.type, attempts, dead }, dead ? 'outbox event dead-lettered' : 'outbox handler failed');
    await this.db
      .update(outbox)
      .set({
        attempts,
        lastError: message,
        availableAt: new Date(now.getTime() + backoffMs(attempts, this.opts.random, this.opts.retryBaseMs)),
        deadAt: dead ? now : null,
        lockedBy: null,
        lockedUntil: null,
      })
      .where(and(sql`${outbox.id} = ${row.id}`, isNull(outbox.dispatchedAt)));
    if (dead) this.opts.observer?.dead(row.type);
    else this.opts.observer?.retried(row.type);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      let full = false;
      this.running = this.dispatchBatch()
        .then((r) => (full = r.batch >= this.batchSize))
        .catch((err) => this.opts.log?.error({ err }, 'outbox dispatch failed'));
      await this.running;
      // A full batch means more are waiting: go on at once instead of waiting for the next poll.
      if (!this.stopped) this.timer = setTimeout(tick, full ? 0 : (this.opts.pollMs ?? 500));
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
