import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { EventHandler } from './dispatcher.js';

export interface NatsPublisher {
  handler: EventHandler;
  close(): Promise<void>;
}

/**
 * Publishes every outbox event to NATS JetStream as `<prefix>.<event type>` (stream `<stream>`,
 * created if missing), so other services can consume them. The event id is the JetStream message id:
 * a redelivery after a crash (published, but not yet recorded as processed) is dropped by the
 * stream's duplicate window instead of reaching consumers twice.
 */
export async function createNatsPublisher(opts: { url: string; stream?: string; subjectPrefix?: string }): Promise<NatsPublisher> {
  const stream = opts.stream ?? 'ORDO_EVENTS';
  const prefix = opts.subjectPrefix ?? 'ordo.events';
  const nc = await connect({ servers: opts.url, name: 'ordo' });
  try {
    const jsm = await jetstreamManager(nc);
    const exists = await jsm.streams.info(stream).then(
      () => true,
      () => false,
    );
    if (!exists) await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
  } catch (e) {
    await nc.close();
    throw e;
  }
  const js = jetstream(nc);
  return {
    handler: {
      name: 'nats-jetstream',
      types: '*',
      async handle(_tx, event) {
        const h = natsHeaders();
        h.set('Ordo-Event-Type', event.type);
        h.set('Ordo-Aggregate', `${event.aggregateType}:${event.aggregateId}`);
        const body = JSON.stringify({
          id: event.eventId,
          type: event.type,
          aggregateType: event.aggregateType,
          aggregateId: event.aggregateId,
          occurredAt: event.occurredAt.toISOString(),
          actor: event.actor,
          payload: event.payload,
        });
        await js.publish(`${prefix}.${event.type}`, body, { msgID: event.eventId, headers: h });
      },
    },
    close: () => nc.drain(),
  };
}
