import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { testDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/client.js';
import { OutboxDispatcher } from '../../src/platform/outbox/dispatcher.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { createNatsPublisher, type NatsPublisher } from '../../src/platform/outbox/nats-publisher.js';
import { outbox, processedEvents } from '../../src/platform/db/schema/index.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { uuidv7 } from '../../src/platform/ids.js';
import { z } from 'zod';
import { defineEvent, newEvent } from '../../src/platform/events/define.js';

/** The transport does not look at payloads: a loose stand-in for order.placed. */
const anyOrderPlaced = defineEvent({ type: 'order.placed', version: 1, aggregateType: 'order', summary: 'test', payload: z.looseObject({}) });

/** Against the NATS server with JetStream that runs on this machine (and on CI's): nats://127.0.0.1:4222. */
const url = process.env.NATS_TEST_URL ?? 'nats://127.0.0.1:4222';
const stream = `ORDO_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
const prefix = `ordotest.${stream.toLowerCase()}`;

let database: Database;
let nc: NatsConnection;
let publisher: NatsPublisher;
beforeAll(async () => {
  database = await testDatabase();
  nc = await connect({ servers: url });
  publisher = await createNatsPublisher({ url, stream, subjectPrefix: prefix });
});
afterAll(async () => {
  await publisher.close();
  await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
  await nc.close();
  await database.close();
});

describe('NATS JetStream publisher', () => {
  it('publishes outbox events once, even when a crash makes the dispatcher deliver again', async () => {
    const at = new Date('2026-11-26T10:00:00Z');
    await database.db.transaction((tx) =>
      enqueueEvents(tx, { actor: systemActor, newId: () => uuidv7(at.getTime()), at }, [
        newEvent(anyOrderPlaced, 'o-1', { number: 'SO-1', total: { amount: 1999, currency: 'EUR' } }),
      ]),
    );
    const clock = { now: () => at };
    expect(await new OutboxDispatcher(database.db, [publisher.handler], { clock }).dispatchOnce()).toEqual({ dispatched: 1, failed: 0 });
    // Crash between publish and the processed mark: forget both, dispatch again.
    const [ev] = await database.db.select().from(outbox);
    await database.db.delete(processedEvents).where(eq(processedEvents.eventId, ev!.eventId));
    await database.db.update(outbox).set({ dispatchedAt: null }).where(eq(outbox.id, ev!.id));
    expect(await new OutboxDispatcher(database.db, [publisher.handler], { clock }).dispatchOnce()).toEqual({ dispatched: 1, failed: 0 });

    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(stream)).state.messages).toBe(1);
    const consumer = await jetstream(nc).consumers.get(stream);
    const m = await consumer.next({ expires: 5000 });
    expect(m).not.toBeNull();
    expect(m!.subject).toBe(`${prefix}.order.placed`);
    expect(m!.headers?.get('Nats-Msg-Id')).toBe(ev!.eventId);
    expect(m!.json()).toMatchObject({ id: ev!.eventId, type: 'order.placed', aggregateId: 'o-1', payload: { number: 'SO-1', total: { amount: 1999, currency: 'EUR' } } });
  });
});
