import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { testDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/client.js';
import { OutboxDispatcher, backoffMs, type EventHandler } from '../../src/platform/outbox/dispatcher.js';
import { enqueueEvents, type OutboxEvent } from '../../src/platform/outbox/outbox.js';
import { outbox, processedEvents } from '../../src/platform/db/schema/index.js';
import { actorLabel, systemActor } from '../../src/platform/auth/roles.js';
import { uuidv7 } from '../../src/platform/ids.js';
import { queryRows } from '../../src/platform/db/query.js';
import { z } from 'zod';
import { defineEvent, newEvent } from '../../src/platform/events/define.js';

/** The dispatcher does not look at payloads: loose test event types. */
const testEvent = (type: string, aggregateType: string) => defineEvent({ type, version: 1, aggregateType, summary: 'test', payload: z.looseObject({}) });

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await database.db.execute(sql`create table effects (event_id uuid primary key, n int not null)`);
});
afterAll(() => database.close());

const clockAt = (ms: number) => ({ now: () => new Date(ms) });
const t0 = Date.parse('2026-11-26T10:00:00Z');
const emit = (type: string) =>
  database.db.transaction((tx) => enqueueEvents(tx, { actor: systemActor, newId: () => uuidv7(t0), at: new Date(t0) }, [newEvent(testEvent(type, 'test'), '1', { type })]));

/** A handler whose effect is a row in the same transaction as its processed_events mark. */
const counting = (name: string, failTimes = 0): EventHandler & { calls: number } => {
  const h = {
    name,
    types: ['thing.happened'],
    calls: 0,
    async handle(tx: any, e: OutboxEvent) {
      h.calls++;
      await tx.execute(sql`insert into effects (event_id, n) values (${e.eventId}, 1) on conflict (event_id) do update set n = effects.n + 1`);
      if (h.calls <= failTimes) throw new Error(`boom ${h.calls}`);
    },
  };
  return h;
};

describe('enqueueEvents', () => {
  it('writes several events in one statement: in the given order, payloads exactly as given (quotes, backslashes, braces, NULL, unicode)', async () => {
    const odd = ['a"b', 'back\\slash', '{x,y}', 'NULL', '', 'ünïcødé ✓', "it's", 'line\nbreak'];
    const at = Date.parse('2026-11-26T11:00:00Z');
    const given: string[] = [];
    const newId = () => {
      given.push(uuidv7(at));
      return given.at(-1)!;
    };
    await database.db.transaction((tx) =>
      enqueueEvents(tx, { actor: systemActor, newId, at: new Date(at) }, odd.map((text, i) => newEvent(testEvent('odd.text', `odd${i % 3}`), `agg-${i}`, { text, nested: { list: [text, null, i] }, i }))),
    );
    const rows = await database.db.select().from(outbox).where(eq(outbox.type, 'odd.text')).orderBy(outbox.id);
    expect(rows.map((r) => r.eventId)).toEqual(given);
    expect(rows.map((r) => [r.aggregateType, r.aggregateId, r.payload])).toEqual(odd.map((text, i) => [`odd${i % 3}`, `agg-${i}`, { text, nested: { list: [text, null, i] }, i }]));
    expect(new Set(rows.map((r) => `${r.actor} ${r.occurredAt.toISOString()} ${r.availableAt.toISOString()}`))).toEqual(new Set([`${actorLabel(systemActor)} ${new Date(at).toISOString()} ${new Date(at).toISOString()}`]));
    await database.db.delete(outbox).where(eq(outbox.type, 'odd.text'));
  });
});

describe('outbox dispatcher', () => {
  it('delivers each event once, retries failures with backoff, and never applies an effect twice', async () => {
    await emit('thing.happened');
    const flaky = counting('flaky', 2);
    const d0 = new OutboxDispatcher(database.db, [flaky], { clock: clockAt(t0), random: () => 0.5 });
    expect(await d0.dispatchOnce()).toEqual({ dispatched: 0, failed: 1 });
    const [row] = await database.db.select().from(outbox).where(eq(outbox.type, 'thing.happened'));
    expect(row).toMatchObject({ attempts: 1, lastError: 'boom 1', dispatchedAt: null });
    expect(row!.availableAt.getTime()).toBe(t0 + backoffMs(1, () => 0.5));
    // Not yet due: nothing happens.
    expect(await d0.dispatchOnce()).toEqual({ dispatched: 0, failed: 0 });
    const later = new OutboxDispatcher(database.db, [flaky], { clock: clockAt(t0 + 60_000) });
    expect(await later.dispatchOnce()).toEqual({ dispatched: 0, failed: 1 });
    const muchLater = new OutboxDispatcher(database.db, [flaky], { clock: clockAt(t0 + 600_000) });
    expect(await muchLater.dispatchOnce()).toEqual({ dispatched: 1, failed: 0 });
    // The failed attempts rolled back their effect; exactly one effect remains.
    expect(await queryRows(database.db, sql`select n from effects`)).toEqual([{ n: 1 }]);
    expect(await muchLater.dispatchOnce()).toEqual({ dispatched: 0, failed: 0 });
  });

  it('a crash after a handler committed but before the event was marked does not repeat the effect', async () => {
    await database.db.execute(sql`delete from effects`);
    await emit('thing.happened');
    const h = counting('crashy');
    const d = new OutboxDispatcher(database.db, [h], { clock: clockAt(t0) });
    await d.dispatchOnce();
    const [ev] = await database.db.select().from(outbox).where(eq(outbox.type, 'thing.happened')).orderBy(sql`id desc`).limit(1);
    // Simulate the crash: the event is still pending although the handler's transaction committed.
    await database.db.update(outbox).set({ dispatchedAt: null }).where(eq(outbox.id, ev!.id));
    const again = await new OutboxDispatcher(database.db, [h], { clock: clockAt(t0) }).dispatchOnce();
    expect(again.dispatched).toBe(1);
    expect(h.calls).toBe(1);
    expect(await queryRows(database.db, sql`select n from effects where event_id = ${ev!.eventId}`)).toEqual([{ n: 1 }]);
    expect(await database.db.select().from(processedEvents).where(eq(processedEvents.eventId, ev!.eventId))).toHaveLength(1);
  });

  it('runs on a timer once started and stops cleanly', async () => {
    await emit('other.thing');
    const seen: string[] = [];
    const d = new OutboxDispatcher(database.db, [{ name: 'all', types: '*', handle: async (_tx, e) => void seen.push(e.type) }], { clock: clockAt(t0 + 3_600_000), pollMs: 20 });
    d.start();
    for (let i = 0; i < 100 && !seen.includes('other.thing'); i++) await new Promise((r) => setTimeout(r, 20));
    await d.stop();
    expect(seen).toContain('other.thing');
    const pending = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from outbox where dispatched_at is null`);
    expect(pending[0]!.n).toBe(0);
  });
  it('delivers different aggregates side by side, each aggregate in order; a failure holds back only its own aggregate', async () => {
    await database.db.execute(sql`update outbox set dispatched_at = now() where dispatched_at is null`);
    const at = t0 + 7_200_000;
    const ids = ['a', 'b', 'c'];
    await database.db.transaction((tx) =>
      enqueueEvents(tx, { actor: systemActor, newId: () => uuidv7(at), at: new Date(at) }, [1, 2, 3].flatMap((n) => ids.map((agg) => newEvent(testEvent('seq.step', 'seq'), agg, { agg, n })))),
    );
    const seen: string[] = [];
    let running = 0;
    let overlap = 0;
    const h: EventHandler = {
      name: 'seq',
      types: ['seq.step'],
      async handle(_tx, e) {
        running++;
        overlap = Math.max(overlap, running);
        // Wait (bounded) for the round's other aggregates to be running too: on a PostgreSQL pool
        // they are handled in their own transactions at the same time, whatever the machine's load.
        for (let i = 0; i < 100 && running < (database.kind === 'embedded' ? 1 : 3); i++) await new Promise((r) => setTimeout(r, 10));
        running--;
        if (e.payload.agg === 'b' && e.payload.n === 2) throw new Error('b2 fails');
        seen.push(`${e.payload.agg}${e.payload.n}`);
      },
    };
    const r = await new OutboxDispatcher(database.db, [h], { clock: clockAt(at), concurrency: 3 }).dispatchOnce();
    expect(r).toEqual({ dispatched: 7, failed: 1 });
    for (const agg of ['a', 'c']) expect(seen.filter((x) => x.startsWith(agg))).toEqual([`${agg}1`, `${agg}2`, `${agg}3`]);
    // b3 waits behind the failed b2 (retried with it later), it is not delivered out of order.
    expect(seen.filter((x) => x.startsWith('b'))).toEqual(['b1']);
    // Side by side on a PostgreSQL pool; the embedded PGlite runs one transaction at a time.
    expect(overlap).toBe(database.kind === 'embedded' ? 1 : 3);
  });
});
