import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { onPostgres, testDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/client.js';
import { OutboxDispatcher, backoffMs, type EventHandler } from '../../src/platform/outbox/dispatcher.js';
import { replayDeadLetter, skipDeadLetter } from '../../src/platform/outbox/dead-letters.js';
import { enqueueEvents, type OutboxEvent } from '../../src/platform/outbox/outbox.js';
import { outbox } from '../../src/platform/db/schema/index.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { uuidv7 } from '../../src/platform/ids.js';
import { queryRows } from '../../src/platform/db/query.js';
import { z } from 'zod';
import { defineEvent } from '../../src/platform/events/define.js';

const stepDone = defineEvent({ type: 'step.done', version: 1, aggregateType: 'seq', summary: 'test', payload: z.looseObject({}) });

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await database.db.execute(sql`create table effects (consumer text, event_id uuid, primary key (consumer, event_id))`);
});
afterAll(() => database.close());

const t0 = Date.parse('2026-11-25T10:00:00Z');
let nowMs = t0;
const clock = { now: () => new Date(nowMs) };
beforeEach(async () => {
  // Each test starts from an empty queue at a fresh hour.
  await database.db.execute(sql`update outbox set dispatched_at = now(), locked_by = null, locked_until = null where dispatched_at is null`);
  nowMs += 3_600_000;
});

/** Events of `aggregateId`, numbered `n` in the payload, written in one transaction in this order. */
const emit = (events: Array<[aggregateId: string, n: number]>) =>
  database.db.transaction((tx) =>
    enqueueEvents(
      tx,
      { actor: systemActor, newId: () => uuidv7(nowMs), at: clock.now() },
      events.map(([agg, n]) => ({ definition: stepDone, type: 'step.done', aggregateType: 'seq', aggregateId: agg, payload: { agg, n } })),
    ),
  );

/** Records `agg+n` of every successful delivery; fails while `failing(agg+n)` says so. */
const recorder = (name: string, failing: (key: string) => boolean = () => false): EventHandler & { seen: string[] } => {
  const h = {
    name,
    types: ['step.done'] as const,
    seen: [] as string[],
    async handle(tx: any, e: OutboxEvent) {
      const key = `${e.payload.agg}${e.payload.n}`;
      await tx.execute(sql`insert into effects (consumer, event_id) values (${name}, ${e.eventId})`);
      if (failing(key)) throw new Error(`${key} fails`);
      h.seen.push(key);
    },
  };
  return h;
};

const pending = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from outbox where dispatched_at is null`))[0]!.n;
const row = async (agg: string, n: number) =>
  (await database.db.select().from(outbox).where(sql`${outbox.aggregateId} = ${agg} and ${outbox.payload}->>'n' = ${String(n)}`))[0]!;

describe('outbox delivery: order per aggregate under failure, dead letters, leases', () => {
  it('events 1, 2, 3 of one aggregate with 2 failing twice are handled 1, 2, 3, while other aggregates proceed', async () => {
    await emit([['x', 1], ['y', 1], ['x', 2], ['y', 2], ['x', 3], ['y', 3]]);
    let failures = 0;
    const h = recorder('order', (key) => key === 'x2' && ++failures <= 2);
    const d = new OutboxDispatcher(database.db, [h], { clock, random: () => 0 });
    expect(await d.dispatchOnce()).toEqual({ dispatched: 4, failed: 1 });
    // y went through; x stopped at 2 and x3 waits behind it (it is not delivered out of order).
    expect(h.seen).toEqual(['x1', 'y1', 'y2', 'y3']);
    expect(await row('x', 2)).toMatchObject({ attempts: 1, lastError: 'x2 fails', deadAt: null, lockedBy: null, lockedUntil: null });
    expect(await row('x', 3)).toMatchObject({ attempts: 0, dispatchedAt: null, lockedBy: null });
    // Before the backoff ends nothing of x moves, although x3 itself is due.
    expect(await d.dispatchOnce()).toEqual({ dispatched: 0, failed: 0 });
    nowMs += backoffMs(1, () => 0);
    expect(await d.dispatchOnce()).toEqual({ dispatched: 0, failed: 1 });
    nowMs += backoffMs(2, () => 0);
    expect(await d.dispatchOnce()).toEqual({ dispatched: 2, failed: 0 });
    expect(h.seen).toEqual(['x1', 'y1', 'y2', 'y3', 'x2', 'x3']);
    expect(await pending()).toBe(0);
    // Failed attempts rolled back their effect rows: one per event.
    expect(await queryRows(database.db, sql`select count(*)::int as n from effects where consumer = 'order'`)).toEqual([{ n: 6 }]);
  });

  it('retries are bounded: then a dead letter holds back its aggregate until replayed, and replay delivers it in order', async () => {
    await emit([['d', 1], ['d', 2], ['d', 3], ['e', 1]]);
    let broken = true;
    const h = recorder('dead', (key) => broken && key === 'd2');
    const d = new OutboxDispatcher(database.db, [h], { clock, maxAttempts: 3, random: () => 0.5 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await d.dispatchOnce()).toMatchObject({ failed: 1 });
      nowMs += backoffMs(attempt, () => 0.5);
    }
    const dead = await row('d', 2);
    expect(dead).toMatchObject({ attempts: 3, lastError: 'd2 fails', dispatchedAt: null });
    expect(dead.deadAt).not.toBeNull();
    // Dead: no more attempts, however long we wait, and d3 stays behind it.
    nowMs += 24 * 3_600_000;
    expect(await d.dispatchOnce()).toEqual({ dispatched: 0, failed: 0 });
    expect(h.seen).toEqual(['d1', 'e1']);
    broken = false;
    expect(await replayDeadLetter(database.db, dead.eventId, clock.now())).toEqual({ eventId: dead.eventId, type: 'step.done' });
    expect(await replayDeadLetter(database.db, dead.eventId, clock.now())).toBeNull(); // no longer dead
    expect(await d.dispatchOnce()).toEqual({ dispatched: 2, failed: 0 });
    expect(h.seen).toEqual(['d1', 'e1', 'd2', 'd3']);
    expect(await row('d', 2)).toMatchObject({ deadAt: null, skippedAt: null, lastError: null });
  });

  it('skipping a dead letter lets the rest of its aggregate go on without handling it', async () => {
    await emit([['s', 1], ['s', 2]]);
    const h = recorder('skip', (key) => key === 's1');
    const d = new OutboxDispatcher(database.db, [h], { clock, maxAttempts: 1 });
    expect(await d.dispatchOnce()).toEqual({ dispatched: 0, failed: 1 });
    const dead = await row('s', 1);
    expect(dead.deadAt).not.toBeNull();
    expect(await skipDeadLetter(database.db, dead.eventId, clock.now())).toMatchObject({ eventId: dead.eventId });
    expect(await d.dispatchOnce()).toEqual({ dispatched: 1, failed: 0 });
    expect(h.seen).toEqual(['s2']);
    expect(await row('s', 1)).toMatchObject({ skippedAt: clock.now(), dispatchedAt: clock.now() });
    expect(await skipDeadLetter(database.db, dead.eventId, clock.now())).toBeNull();
  });

  it('all handlers of an event run in one transaction: one failing rolls back the others, retried together', async () => {
    await emit([['t', 1]]);
    let fail = true;
    const a = recorder('tx-a');
    const b = recorder('tx-b', () => fail);
    const d = new OutboxDispatcher(database.db, [a, b], { clock });
    expect(await d.dispatchOnce()).toEqual({ dispatched: 0, failed: 1 });
    expect(await queryRows(database.db, sql`select consumer from effects where consumer like 'tx-%'`)).toEqual([]);
    expect(await queryRows(database.db, sql`select consumer from processed_events where consumer like 'tx-%'`)).toEqual([]);
    fail = false;
    nowMs += 60_000;
    expect(await d.dispatchOnce()).toEqual({ dispatched: 1, failed: 0 });
    expect(await queryRows(database.db, sql`select consumer from effects where consumer like 'tx-%' order by consumer`)).toEqual([{ consumer: 'tx-a' }, { consumer: 'tx-b' }]);
  });

  it('a claim leases the aggregate; a peer takes it over only after the lease of a dead worker ran out, and handles nothing twice', async () => {
    await emit([['l', 1], ['l', 2], ['m', 1]]);
    const h = recorder('lease');
    const dying = new OutboxDispatcher(database.db, [h], { clock, leaseMs: 10_000, workerId: 'dying' });
    const claimed = await dying.claim();
    expect(claimed.map((r) => `${r.aggregateId}${(r.payload as { n: number }).n}`)).toEqual(['l1', 'l2', 'm1']);
    expect(claimed.every((r) => r.lockedBy === 'dying')).toBe(true);
    // It "dies" here, after it had handled l1 but before its batch was marked.
    const l1 = claimed[0]!;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into processed_events (consumer, event_id, processed_at) values ('lease', ${l1.eventId}, now())`);
      await tx.execute(sql`insert into effects (consumer, event_id) values ('lease', ${l1.eventId})`);
    });
    const peer = new OutboxDispatcher(database.db, [h], { clock, workerId: 'peer' });
    expect(await peer.dispatchOnce()).toEqual({ dispatched: 0, failed: 0 });
    nowMs += 10_000;
    expect(await peer.dispatchOnce()).toEqual({ dispatched: 3, failed: 0 });
    // l1 was already handled: not again (l2 and m1 are different aggregates: no order between them).
    expect([...h.seen].sort()).toEqual(['l2', 'm1']);
    expect(await queryRows(database.db, sql`select count(*)::int as n from effects where consumer = 'lease'`)).toEqual([{ n: 3 }]);
    expect(await database.db.select({ lockedBy: outbox.lockedBy }).from(outbox).where(eq(outbox.eventId, l1.eventId))).toEqual([{ lockedBy: null }]);
  });

  // PGlite runs one transaction at a time: the renewal would wait for the batch's own transaction.
  it.skipIf(!onPostgres)('a batch slower than its lease renews it: a peer takes nothing over while the batch runs', async () => {
    await emit([['r', 1]]);
    const lockedUntil = async () => (await database.db.select({ u: outbox.lockedUntil }).from(outbox).where(eq(outbox.aggregateId, 'r')))[0]!.u!.getTime();
    let peerClaimed: number | undefined;
    const slow: EventHandler = {
      name: 'slow',
      types: ['step.done'],
      async handle() {
        const first = await lockedUntil();
        nowMs += 200; // the batch has run for 200 ms of its 300 ms lease
        for (let i = 0; i < 200 && (await lockedUntil()) <= first; i++) await new Promise((r) => setTimeout(r, 25));
        nowMs += 200; // past the first lease, within the renewed one
        peerClaimed = (await new OutboxDispatcher(database.db, [], { clock, workerId: 'peer' }).claim()).length;
      },
    };
    const d = new OutboxDispatcher(database.db, [slow], { clock, leaseMs: 300, workerId: 'slow' });
    expect(await d.dispatchOnce()).toEqual({ dispatched: 1, failed: 0 });
    expect(peerClaimed).toBe(0);
  });

  it('backoff doubles per attempt with half of it jittered, capped at 10 minutes', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3].map((a) => backoffMs(a, () => 0.999999))).toEqual([1000, 2000, 4000]);
    expect(backoffMs(30, () => 0)).toBe(300_000);
    expect(backoffMs(30, () => 0.999999)).toBe(600_000);
  });
});
