import { sql } from 'drizzle-orm';
import type { App } from '../../src/app.js';
import { eventHandlers } from '../../src/handlers.js';
import { OutboxDispatcher } from '../../src/platform/outbox/dispatcher.js';
import { queryRows } from '../../src/platform/db/query.js';

/**
 * The demo seed's calendar of things to do: actions at instants (ms), run in time order, ties in the
 * order they were added. An action may add later ones (a hand-off schedules the carrier's scans).
 */
export class Agenda {
  private items: Array<{ at: number; seq: number; run: () => Promise<void> }> = [];
  private seq = 0;

  add(at: number, run: () => Promise<void>): void {
    const item = { at, seq: this.seq++, run };
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid]!.at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }

  /** Runs every action due at or before `until`, including those added meanwhile. */
  async runUntil(until: number): Promise<number> {
    let ran = 0;
    while (this.items.length && this.items[0]!.at <= until) {
      await this.items.shift()!.run();
      ran++;
    }
    return ran;
  }

  /** Actions left (due after the last `runUntil`). */
  get pending(): number {
    return this.items.length;
  }
}

/**
 * Runs the module event handlers (src/handlers.ts) over the outbox until nothing due is left, with the
 * app's (steered) clock — what the server's dispatcher does in the background, so the roll-ups,
 * releases, promises and re-sourcing happen at the simulated instant. Under `serve --demo` the server's
 * own worker may hold some events meanwhile: then this waits for it. Throws when a handler fails.
 */
export function outboxDrainer(app: App, onFailure: (detail: string) => Error): () => Promise<number> {
  const dispatcher = new OutboxDispatcher(app.deps.db, eventHandlers(app.deps), { clock: app.deps.clock, workerId: 'seed-demo' });
  return async () => {
    let dispatched = 0;
    for (let round = 0; round < 2000; round++) {
      const r = await dispatcher.dispatchOnce();
      if (r.failed) {
        const [row] = await queryRows<{ type: string; last_error: string }>(app.deps.db, sql`select type, last_error from outbox where last_error is not null order by id desc limit 1`);
        throw onFailure(`an event handler failed: ${row ? `${row.type}: ${row.last_error}` : JSON.stringify(r)}`);
      }
      dispatched += r.dispatched;
      if (r.dispatched > 0) continue;
      const now = app.deps.clock.now().toISOString();
      const [left] = await queryRows<{ n: number }>(app.deps.db, sql`
        select count(*)::int as n from outbox where dispatched_at is null and dead_at is null and available_at <= ${now}::timestamptz`);
      if (!left?.n) return dispatched;
      await new Promise((resolve) => setTimeout(resolve, 20)); // another worker holds them
    }
    throw onFailure('the outbox did not drain (handlers keep producing events?)');
  };
}
