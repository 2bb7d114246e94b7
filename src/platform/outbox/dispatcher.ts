import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, isNull, lte, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
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
   * Optional set-based form of `handle` for hot handlers: the events (in id order, at most one per
   * aggregate, each not yet processed by this handler) in one call, in the delivery transaction.
   * Must have the same effect as `handle` on each of them. When it throws, the dispatcher retries the
   * events one at a time (through `handleBatch([event])`) to find the one that fails.
   */
  handleBatch?(tx: Db, events: OutboxEvent[]): Promise<void>;
  /**
   * Optional, cheap, outside any transaction: false when handling this event would do nothing (e.g.
   * no webhook subscription wants its type). Then neither `handle` nor the processed mark happens.
   */
  wants?(event: OutboxEvent): boolean | Promise<boolean>;
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

/**
 * Splits a claimed batch (in id order) into rounds: round k holds the k-th event of each aggregate.
 * Rounds are delivered one after the other, so an aggregate's events are handled in order; within a
 * round, events of different aggregates are handled together.
 */
function rounds<T>(rows: T[], keyOf: (r: T) => string): T[][] {
  const out: T[][] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const k = keyOf(r);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    (out[n] ??= []).push(r);
  }
  return out;
}

export const defaultWorkerId = () => `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;

type Row = typeof outbox.$inferSelect;

/** `outbox.id = any($1)`: one array parameter however many ids (inArray sends one parameter per id). */
const idIn = (ids: number[]) => sql`${outbox.id} = any(${sql.param(ids)}::bigint[])`;

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
              -- the head of its aggregate; a correlated scalar subquery (always an index probe), not an
              -- anti-join, which stale statistics turn into a scan of every pending row per candidate
              and o.id = (select p.id from outbox p where p.dispatched_at is null
                and p.aggregate_type = o.aggregate_type and p.aggregate_id = o.aggregate_id order by p.id limit 1)
            order by o.id limit ${this.batchSize}
            for update of o skip locked`,
      );
      if (heads.length === 0) return [];
      // Two array parameters, not two parameters per head (cheaper to build, send and parse).
      const aggregates = sql`select * from unnest(${sql.param(heads.map((h) => h.aggregate_type))}::text[], ${sql.param(heads.map((h) => h.aggregate_id))}::text[])`;
      // Each head with the events already waiting behind it (at most 16 per aggregate), found per
      // aggregate through the pending-by-aggregate index (LATERAL: an index probe whatever the statistics).
      const rows = await tx
        .update(outbox)
        .set({ lockedBy: this.workerId, lockedUntil: until })
        .where(
          and(
            isNull(outbox.dispatchedAt),
            or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now)),
            sql`${outbox.id} = any(array(select f.id from (${aggregates}) as h(t, a)
                cross join lateral (select p.id from outbox p where p.dispatched_at is null
                  and p.aggregate_type = h.t and p.aggregate_id = h.a order by p.id limit 16) f))`,
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
    const renewal = this.renewLeases(batch);
    try {
      const delivered: Row[] = [];
      /** Aggregates that stopped in this batch: a failure, a dead letter or an event still in its backoff holds back the rest. */
      const stopped = new Set<string>();
      const keyOf = (r: Row) => `${r.aggregateType}\u0000${r.aggregateId}`;
      for (const round of rounds(batch, keyOf)) {
        const due: Row[] = [];
        for (const row of round) {
          const key = keyOf(row);
          if (stopped.has(key)) continue;
          if (row.deadAt || row.availableAt.getTime() > now.getTime()) stopped.add(key);
          else due.push(row);
        }
        if (due.length === 0) continue;
        // The round's events (at most one per aggregate) in `concurrency` transactions side by side.
        const n = Math.max(1, Math.min(this.opts.concurrency ?? 1, due.length));
        const size = Math.ceil(due.length / n);
        const chunks = Array.from({ length: n }, (_, i) => due.slice(i * size, (i + 1) * size)).filter((c) => c.length);
        const outcomes = await Promise.all(chunks.map((c) => this.deliverChunk(c, now)));
        for (const o of outcomes) {
          delivered.push(...o.delivered);
          for (const row of o.failed) {
            result.failed++;
            stopped.add(keyOf(row));
          }
        }
      }
      await renewal.stop();
      result.dispatched = await this.finish(batch, delivered);
      return { result, batch: batch.length };
    } finally {
      await renewal.stop();
    }
  }

  /**
   * Keeps the batch's leases while it is being delivered (a batch slower than the lease would
   * otherwise be taken over by a peer): every third of the lease, pushes `locked_until` of the
   * events still ours and pending one lease ahead.
   */
  private renewLeases(batch: Row[]): { stop(): Promise<void> } {
    const leaseMs = this.opts.leaseMs ?? 30_000;
    const ids = batch.map((r) => r.id);
    let inFlight: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      const until = new Date(this.opts.clock.now().getTime() + leaseMs);
      inFlight = this.db
        .update(outbox)
        .set({ lockedUntil: until })
        .where(and(idIn(ids), isNull(outbox.dispatchedAt), sql`${outbox.lockedBy} = ${this.workerId}`))
        .catch((err) => this.opts.log?.warn({ err }, 'outbox lease renewal failed'));
    }, Math.max(1, Math.floor(leaseMs / 3)));
    timer.unref?.();
    return {
      stop: async () => {
        clearInterval(timer);
        await inFlight;
      },
    };
  }

  /** Batched marks: delivered events dispatched in one UPDATE, the leases of the rest released in another. */
  private async finish(batch: Row[], delivered: Row[]): Promise<number> {
    let marked = 0;
    if (delivered.length) {
      const ids = delivered.map((r) => r.id);
      const done = await this.db
        .update(outbox)
        .set({ dispatchedAt: this.opts.clock.now(), attempts: sql`${outbox.attempts} + 1`, lastError: null, lockedBy: null, lockedUntil: null })
        .where(and(idIn(ids), isNull(outbox.dispatchedAt)))
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
        .where(and(idIn(rest), sql`${outbox.lockedBy} = ${this.workerId}`));
    }
    return marked;
  }

  /**
   * Delivers events of different aggregates in one transaction: every interested handler of every
   * event, with all their processed marks in one INSERT; then the afterCommit hooks. A handler that
   * fails on one event marks that event failed (retry with backoff) and the others go again without
   * it; a failing `handleBatch` is retried event by event to find the failing one.
   */
  private async deliverChunk(rows: Row[], now: Date): Promise<{ delivered: Row[]; failed: Row[] }> {
    const delivered: Row[] = [];
    const failed: Row[] = [];
    let todo = rows;
    while (todo.length) {
      const outcome = await this.tryChunk(todo, now);
      if (outcome.ok) {
        delivered.push(...outcome.delivered);
        failed.push(...outcome.failed);
        break;
      }
      const culprit = outcome.event ?? (todo.length === 1 ? todo[0]! : undefined);
      if (culprit) {
        await this.fail(culprit, outcome.err, now);
        failed.push(culprit);
        todo = todo.filter((r) => r !== culprit);
      } else {
        // A set-based handler failed on one of them: one at a time, to fail only that one.
        for (const row of todo) {
          const single = await this.deliverChunk([row], now);
          delivered.push(...single.delivered);
          failed.push(...single.failed);
        }
        break;
      }
    }
    return { delivered, failed };
  }

  private async tryChunk(
    rows: Row[],
    now: Date,
  ): Promise<{ ok: true; delivered: Row[]; failed: Row[] } | { ok: false; err: unknown; event: Row | undefined }> {
    const events = rows.map((row): OutboxEvent => ({ ...row, payload: row.payload as Record<string, unknown> }));
    // Per event, the handlers that want it (in handler order).
    const wanted: EventHandler[][] = [];
    try {
      for (const event of events) {
        const hs: EventHandler[] = [];
        for (const h of this.handlers) {
          if (h.types !== '*' && !h.types.includes(event.type)) continue;
          if (h.wants && !(await h.wants(event))) continue;
          hs.push(h);
        }
        wanted.push(hs);
      }
    } catch (err) {
      return { ok: false, err, event: rows.length === 1 ? rows[0] : undefined };
    }
    let current: Row | undefined;
    try {
      if (wanted.some((hs) => hs.length)) {
        await this.db.transaction(async (tx) => {
          const marks = events.flatMap((e, i) => wanted[i]!.map((h) => ({ consumer: h.name, eventId: e.eventId })));
          // Two array parameters, not three per mark (a batch has hundreds of marks).
          const fresh = await queryRows<{ consumer: string; event_id: string }>(
            tx,
            sql`insert into processed_events (consumer, event_id, processed_at)
                select m.consumer, m.event_id, ${now.toISOString()}::timestamptz
                from unnest(${sql.param(marks.map((m) => m.consumer))}::text[], ${sql.param(marks.map((m) => m.eventId))}::uuid[]) as m(consumer, event_id)
                on conflict do nothing returning consumer, event_id::text`,
          );
          // Not yet handled (by us before a crash, or by a peer that took over a lease).
          const run = new Set(fresh.map((f) => `${f.consumer}\u0000${f.event_id}`));
          for (const h of this.handlers) {
            const mine: number[] = [];
            events.forEach((e, i) => {
              if (wanted[i]!.includes(h) && run.has(`${h.name}\u0000${e.eventId}`)) mine.push(i);
            });
            if (mine.length === 0) continue;
            const started = performance.now();
            if (h.handleBatch) {
              current = mine.length === 1 ? rows[mine[0]!] : undefined;
              await h.handleBatch(tx, mine.map((i) => events[i]!));
            } else {
              for (const i of mine) {
                current = rows[i];
                await h.handle(tx, events[i]!);
              }
            }
            current = undefined;
            const seconds = (performance.now() - started) / 1000 / mine.length;
            for (const i of mine) this.opts.observer?.handled(h.name, events[i]!.type, seconds);
          }
        });
      }
    } catch (err) {
      return { ok: false, err, event: current };
    }
    // After commit: the hooks of each event; one that throws fails (retries) only its event.
    const delivered: Row[] = [];
    const failed: Row[] = [];
    for (let i = 0; i < events.length; i++) {
      try {
        for (const h of wanted[i]!) if (h.afterCommit) await h.afterCommit(events[i]!);
        delivered.push(rows[i]!);
      } catch (err) {
        await this.fail(rows[i]!, err, now);
        failed.push(rows[i]!);
      }
    }
    return { ok: true, delivered, failed };
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
