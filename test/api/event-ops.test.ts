import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { OutboxDispatcher, type EventHandler } from '../../src/platform/outbox/dispatcher.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { pruneDeliveredEvents } from '../../src/platform/outbox/retention.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { uuidv7 } from '../../src/platform/ids.js';
import { queryRows } from '../../src/platform/db/query.js';
import { z } from 'zod';
import { defineEvent } from '../../src/platform/events/define.js';

const opsTested = defineEvent({ type: 'ops.tested', version: 1, aggregateType: 'ops', summary: 'test', payload: z.looseObject({}) });

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  // Start from an empty queue (whatever setting up the app wrote is not under test).
  await t.deps.db.execute(sql`update outbox set dispatched_at = now() where dispatched_at is null`);
});
afterAll(() => t.close());

const emit = (events: Array<[aggregateId: string, n: number]>) =>
  t.deps.db.transaction((tx) =>
    enqueueEvents(
      tx,
      { actor: systemActor, newId: () => uuidv7(t.deps.clock.now().getTime()), at: t.deps.clock.now() },
      events.map(([agg, n]) => ({ definition: opsTested, type: 'ops.tested', aggregateType: 'ops', aggregateId: agg, payload: { agg, n } })),
    ),
  );
let broken = true;
const seen: string[] = [];
const handler: EventHandler = {
  name: 'ops-test',
  types: ['ops.tested'],
  async handle(_tx, e) {
    const key = `${e.payload.agg}${e.payload.n}`;
    if (broken && e.payload.n === 1) throw new Error(`${key} cannot be handled`);
    seen.push(key);
  },
};
const dispatcher = () => new OutboxDispatcher(t.deps.db, [handler], { clock: t.deps.clock, maxAttempts: 1 });

describe('event delivery operations API', () => {
  it('shows the backlog and dead letters, replays one (in order) and skips another; admins only', async () => {
    await emit([['a', 1], ['a', 2], ['b', 1], ['b', 2], ['c', 2]]);
    let backlog = await t.api('GET', '/api/v1/events/backlog');
    expect(backlog.status).toBe(200);
    expect(backlog.body).toMatchObject({ pending: 5, due: 5, leased: 0, retrying: 0, deadLetters: 0, byType: [{ type: 'ops.tested', pending: 5, deadLetters: 0 }], workers: [] });
    expect(backlog.body.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(0);
    expect((await t.api('GET', '/api/v1/events/backlog', undefined, { as: 'manager' })).status).toBe(403);

    expect(await dispatcher().dispatchOnce()).toEqual({ dispatched: 1, failed: 2 });
    backlog = await t.api('GET', '/api/v1/events/backlog');
    expect(backlog.body).toMatchObject({ pending: 2, deadLetters: 2 });

    const dead = await t.api('GET', '/api/v1/events/dead-letters?limit=1');
    expect(dead.status).toBe(200);
    expect(dead.body.items).toHaveLength(1);
    expect(dead.body.items[0]).toMatchObject({ type: 'ops.tested', aggregateType: 'ops', aggregateId: 'a', attempts: 1, lastError: 'a1 cannot be handled', payload: { agg: 'a', n: 1 }, heldBack: 1 });
    const page2 = await t.api('GET', `/api/v1/events/dead-letters?limit=1&cursor=${dead.body.nextCursor}`);
    expect(page2.body).toMatchObject({ items: [{ aggregateId: 'b', heldBack: 1 }], nextCursor: null });
    expect((await t.api('GET', '/api/v1/events/dead-letters?cursor=bm9wZQ')).status).toBe(400);

    const a1 = dead.body.items[0].eventId as string;
    const b1 = page2.body.items[0].eventId as string;
    expect((await t.api('POST', `/api/v1/events/${a1}/replay`, undefined, { as: 'manager' })).status).toBe(403);
    broken = false;
    expect(await t.api('POST', `/api/v1/events/${a1}/replay`)).toMatchObject({ status: 200, body: { eventId: a1, status: 'replayed' } });
    const again = await t.api('POST', `/api/v1/events/${a1}/replay`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('not a dead letter');
    expect(await t.api('POST', `/api/v1/events/${b1}/skip`)).toMatchObject({ status: 200, body: { eventId: b1, status: 'skipped' } });
    expect((await t.api('POST', `/api/v1/events/${uuidv7(0)}/skip`)).status).toBe(404);
    const bad = await t.api('POST', '/api/v1/events/not-a-uuid/replay');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toContain('eventId');

    expect(await dispatcher().dispatchOnce()).toEqual({ dispatched: 3, failed: 0 });
    // a1 replayed before a2; b1 skipped (never handled), b2 went on. Order holds per aggregate only:
    // the dispatcher delivers a batch in rounds (a1 and b2 together, then a2).
    expect([...seen].sort()).toEqual(['a1', 'a2', 'b2', 'c2']);
    expect(seen.indexOf('a1')).toBeLessThan(seen.indexOf('a2'));
    expect((await t.api('GET', '/api/v1/events/backlog')).body).toMatchObject({ pending: 0, deadLetters: 0 });
    const audit = await t.api('GET', '/api/v1/audit-log?entityType=event');
    expect(audit.body.items.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toEqual([
      ['event.skipped', b1],
      ['event.replayed', a1],
    ]);
  });

  it('exports queue depth, dead letters and oldest age as Prometheus gauges', async () => {
    broken = true;
    await emit([['m', 1], ['m', 2]]);
    await dispatcher().dispatchOnce();
    const metrics = await t.http.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^ordo_outbox_pending_events 1$/m);
    expect(metrics.body).toMatch(/^ordo_outbox_dead_letter_events 1$/m);
    expect(metrics.body).toMatch(/^ordo_outbox_oldest_pending_age_seconds [\d.]+$/m);
  });

  it('retention prunes delivered events and processed marks past the cutoff, keeping marks of undelivered events', async () => {
    const now = t.deps.clock.now();
    const old = new Date(now.getTime() - 8 * 86_400_000).toISOString();
    await t.deps.db.execute(sql`update outbox set dispatched_at = ${old}::timestamptz where dispatched_at is not null`);
    await t.deps.db.execute(sql`update processed_events set processed_at = ${old}::timestamptz`);
    // A mark of the still-dead m1 (as if an afterCommit kept failing) must survive.
    const [m1] = await queryRows<{ event_id: string }>(t.deps.db, sql`select event_id from outbox where dead_at is not null and dispatched_at is null`);
    await t.deps.db.execute(sql`insert into processed_events (consumer, event_id, processed_at) values ('ops-test', ${m1!.event_id}, ${old}::timestamptz)`);
    const before = await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from outbox`);
    const removed = await pruneDeliveredEvents(t.deps.db, now, 7, 2);
    expect(removed.outbox).toBe(before[0]!.n - 2);
    expect(removed.processed).toBeGreaterThan(0);
    expect(await queryRows(t.deps.db, sql`select count(*)::int as n from outbox`)).toEqual([{ n: 2 }]);
    expect(await queryRows(t.deps.db, sql`select consumer from processed_events`)).toEqual([{ consumer: 'ops-test' }]);
    expect(await pruneDeliveredEvents(t.deps.db, now, 7)).toEqual({ outbox: 0, processed: 0 });
  });
});
