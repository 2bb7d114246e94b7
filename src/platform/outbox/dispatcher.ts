import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { outbox, processedEvents } from '../db/schema/index.js';
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

const MAX_BACKOFF_MS = 10 * 60_000;
export const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));

/**
 * Delivers outbox events to handlers, at least once, exactly once in effect: each (handler, event)
 * pair is recorded in processed_events in the handler's own transaction, so a crash after a handler
 * committed never runs it again, and a crash before it committed retries it. Failed events are retried
 * with exponential backoff. Several dispatchers may run at once: a second one blocks on the
 * processed_events key until the first commits, then skips the pair.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly handlers: EventHandler[],
    private readonly opts: { clock: Clock; log?: Logger; batchSize?: number; pollMs?: number; concurrency?: number },
  ) {}

  /**
   * One batch (oldest first). Events of one aggregate are delivered in order, one after the other;
   * different aggregates are delivered side by side (`concurrency`, default 1), as two dispatcher
   * processes would. An event that fails holds back the later events of its aggregate in this batch.
   */
  async dispatchOnce(): Promise<DispatchResult> {
    return (await this.dispatchBatch()).result;
  }

  private async dispatchBatch(): Promise<{ result: DispatchResult; batch: number }> {
    const result: DispatchResult = { dispatched: 0, failed: 0 };
    const now = this.opts.clock.now();
    const batch = await this.db
      .select()
      .from(outbox)
      .where(and(isNull(outbox.dispatchedAt), lte(outbox.availableAt, now)))
      .orderBy(asc(outbox.id))
      .limit(this.batchSize);
    const byAggregate = new Map<string, typeof batch>();
    for (const row of batch) {
      const key = `${row.aggregateType}:${row.aggregateId}`;
      const rows = byAggregate.get(key);
      if (rows) rows.push(row);
      else byAggregate.set(key, [row]);
    }
    const queue = [...byAggregate.values()];
    const worker = async () => {
      for (let rows = queue.shift(); rows; rows = queue.shift()) {
        for (const row of rows) if (!(await this.deliver(row, now, result))) break;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.opts.concurrency ?? 1, queue.length)) }, worker));
    return { result, batch: batch.length };
  }

  private get batchSize() {
    return this.opts.batchSize ?? 100;
  }

  /** Runs every interested handler for one event, then marks it dispatched; false when it failed (retried later). */
  private async deliver(row: typeof outbox.$inferSelect, now: Date, result: DispatchResult): Promise<boolean> {
    const event: OutboxEvent = { ...row, payload: row.payload as Record<string, unknown> };
    try {
      for (const h of this.handlers) {
        if (h.types !== '*' && !h.types.includes(event.type)) continue;
        await this.db.transaction(async (tx) => {
          const fresh = await tx
            .insert(processedEvents)
            .values({ consumer: h.name, eventId: event.eventId, processedAt: now })
            .onConflictDoNothing()
            .returning({ eventId: processedEvents.eventId });
          if (fresh.length === 0) return; // already handled (by us before a crash, or by a peer)
          await h.handle(tx, event);
        });
        if (h.afterCommit) await h.afterCommit(event);
      }
      const claimed = await this.db
        .update(outbox)
        .set({ dispatchedAt: this.opts.clock.now(), attempts: sql`${outbox.attempts} + 1`, lastError: null })
        .where(and(eq(outbox.id, event.id), isNull(outbox.dispatchedAt)))
        .returning({ id: outbox.id });
      if (claimed.length) result.dispatched++;
      return true;
    } catch (err) {
      result.failed++;
      const attempts = event.attempts + 1;
      this.opts.log?.warn({ err, eventId: event.eventId, type: event.type, attempts }, 'outbox handler failed');
      await this.db
        .update(outbox)
        .set({
          attempts,
          lastError: String((err as Error)?.message ?? err).slice(0, 2000),
          availableAt: new Date(now.getTime() + backoffMs(attempts)),
        })
        .where(eq(outbox.id, event.id));
      return false;
    }
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
