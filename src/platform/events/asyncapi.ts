import { z } from 'zod';
import type { EventDefinition } from './define.js';

/** NATS subject of an event type (see outbox/nats-publisher.ts; the default prefix). */
export const natsSubject = (type: string, prefix = 'ordo.events') => `${prefix}.${type}`;

type Json = Record<string, unknown>;

/**
 * JSON Schemas (draft-07, the AsyncAPI Schema dialect) of every payload, keyed by event type, plus the
 * shared schemas they reference (Money, Product, …) under their Zod meta ids; every `$ref` points
 * into `#/components/schemas/`.
 */
export function payloadSchemas(catalog: readonly EventDefinition[]): Record<string, Json> {
  const reg = z.registry<{ id: string }>();
  for (const d of catalog) reg.add(d.payload, { id: d.type });
  const out = z.toJSONSchema(reg, { target: 'draft-7', io: 'output', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Json> };
  const { __shared: shared, ...byType } = out.schemas;
  const all: Record<string, Json> = { ...byType, ...((shared?.definitions as Record<string, Json> | undefined) ?? {}) };
  const fix = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fix);
    if (!v || typeof v !== 'object') return v;
    const o: Json = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '$schema' || k === '$id') continue;
      o[k] = k === '$ref' && typeof x === 'string' ? x.replace(/^#\/components\/schemas\/__shared#\/definitions\//, '#/components/schemas/').replace(/^#\/definitions\//, '#/components/schemas/') : fix(x);
    }
    return o;
  };
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, fix(v) as Json]));
}

/**
 * The AsyncAPI 3.0 document of Ordo's events, generated from the catalog: one channel per event type
 * (its NATS subject; outbound webhooks carry the same payloads in the Standard Webhooks envelope).
 */
export function asyncApiDocument(catalog: readonly EventDefinition[], opts: { version?: string; subjectPrefix?: string } = {}) {
  const schemas = payloadSchemas(catalog);
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  for (const d of catalog) {
    const key = d.type;
    messages[key] = {
      name: d.type,
      title: d.type,
      summary: d.summary,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: {
          'Nats-Msg-Id': { type: 'string', description: 'The event id (JetStream de-duplication)' },
          'Ordo-Event-Type': { type: 'string', const: d.type },
          'Ordo-Aggregate': { type: 'string', description: `${d.aggregateType}:<aggregate id>` },
        },
      },
      // The NATS message body (outbox/nats-publisher.ts): the event envelope around the payload.
      payload: {
        type: 'object',
        required: ['id', 'type', 'aggregateType', 'aggregateId', 'occurredAt', 'actor', 'payload'],
        properties: {
          id: { type: 'string', format: 'uuid', description: 'Event id, unique; consumers de-duplicate on it' },
          type: { type: 'string', const: d.type },
          aggregateType: { type: 'string', const: d.aggregateType },
          aggregateId: { type: 'string' },
          occurredAt: { type: 'string', format: 'date-time' },
          actor: { type: ['string', 'null'], description: 'Who caused it (api key, user or system)' },
          payload: { $ref: `#/components/schemas/${key}` },
        },
      },
      'x-ordo-version': d.version,
      'x-ordo-aggregate-type': d.aggregateType,
    };
    channels[key] = {
      address: natsSubject(d.type, opts.subjectPrefix),
      title: d.type,
      summary: d.summary,
      messages: { [key]: { $ref: `#/components/messages/${key}` } },
    };
    operations[key] = {
      action: 'send',
      title: `Ordo publishes ${d.type}`,
      channel: { $ref: `#/channels/${key}` },
      messages: [{ $ref: `#/channels/${key}/messages/${key}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Ordo events',
      version: opts.version ?? '1.0.0',
      description:
        'Every event Ordo writes to its outbox, published to NATS JetStream (stream ORDO_EVENTS) and delivered to outbound webhook ' +
        'subscriptions. Events of one aggregate are delivered in order. Money is integer minor units with an ISO 4217 currency; ' +
        'timestamps are ISO 8601 UTC. A compatible change (a new optional field) keeps an event\'s version; a breaking change is a new version.',
    },
    defaultContentType: 'application/json',
    servers: {
      nats: { host: 'localhost:4222', protocol: 'nats', description: 'NATS JetStream when NATS_URL is set: stream ORDO_EVENTS, subjects ordo.events.<event type>' },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}
