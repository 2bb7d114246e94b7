import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { defineEvent, newEvent } from '../../src/platform/events/define.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { queryRows } from '../../src/platform/db/query.js';
import { eventCatalog } from '../../src/events.js';

const probe = defineEvent({
  type: 'probe.happened',
  version: 1,
  aggregateType: 'probe',
  summary: 'A test event.',
  payload: z.object({ probeId: z.string(), amount: z.string().regex(/^-?\d+$/) }),
});

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const write = (payload: unknown) =>
  t.database.db.transaction((tx) => enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at: t.deps.clock.now() }, [newEvent(probe, 'p1', payload as never)]));
const count = async () => (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from outbox where type = 'probe.happened'`))[0]!.n;

describe('typed events', () => {
  it('a payload that does not match its schema is refused and nothing is written', async () => {
    await expect(write({ probeId: 'p1', amount: 12.5 })).rejects.toThrow(/probe.happened v1: payload does not match its schema/);
    await expect(write({ probeId: 'p1' })).rejects.toThrow(/does not match/);
    expect(await count()).toBe(0);
  });

  it('a matching payload is written in its JSON form (bigint as a decimal string)', async () => {
    await write({ probeId: 'p1', amount: 1234n });
    const [row] = await queryRows<{ payload: { amount: string } }>(t.database.db, sql`select payload from outbox where type = 'probe.happened'`);
    expect(row!.payload).toEqual({ probeId: 'p1', amount: '1234' });
  });

  it('event types are unique in the catalog and named <aggregate>.<verb>', () => {
    const types = eventCatalog.map((d) => `${d.type}@${d.version}`);
    expect(new Set(types).size).toBe(types.length);
    expect(() => defineEvent({ ...probe, type: 'NotAnEvent' })).toThrow(/snake_case/);
  });
});
