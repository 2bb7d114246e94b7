import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { EventHandler } from '../outbox/dispatcher.js';
import type { NewEvent, OutboxEvent } from '../outbox/outbox.js';

/**
 * One event type of Ordo's public event contract (outbox → handlers, NATS, outbound webhooks).
 * Each bounded context declares its events in `src/modules/<context>/<context>.events.ts` and
 * exports them from its index; `src/events.ts` gathers them into the catalog (docs, AsyncAPI).
 *
 * Versioning: a compatible change (a new optional field) keeps `version`; a breaking change is a new
 * definition with `version + 1` written beside the old one until consumers moved.
 */
export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  /** `<aggregate>.<past-tense verb>`: order.placed, inventory.adjusted, … */
  readonly type: TType;
  readonly version: number;
  /** The aggregate whose id the event carries (events of one aggregate are delivered in order). */
  readonly aggregateType: string;
  /** One sentence: what happened. Shown in the event catalog. */
  readonly summary: string;
  readonly payload: TSchema;
}

export type PayloadOf<D extends EventDefinition> = z.output<D['payload']>;

/** Declares an event type; the schema validates every payload when it is written. */
export function defineEvent<const TType extends string, TSchema extends z.ZodType>(def: EventDefinition<TType, TSchema>): EventDefinition<TType, TSchema> {
  if (!/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/.test(def.type)) throw new Error(`event type ${def.type}: expected <aggregate>.<verb> in snake_case`);
  if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`event type ${def.type}: version must be a positive integer`);
  return Object.freeze(def);
}

/** A new event of a declared type, ready for `enqueueEvents`, which validates the payload against the schema. */
export function newEvent<D extends EventDefinition>(def: D, aggregateId: string, payload: z.input<D['payload']>): NewEvent {
  return { type: def.type, aggregateType: def.aggregateType, aggregateId, payload: payload as Record<string, unknown>, definition: def };
}

/** An outbox event whose payload is typed by its definition. */
export type TypedEvent<D extends EventDefinition> = Omit<OutboxEvent, 'type' | 'payload'> & { type: D['type']; payload: PayloadOf<D> };

/**
 * A handler of declared event types: `handle` receives the payload typed as the union of the
 * definitions' schemas (it was validated when written).
 */
export function eventHandler<const Ds extends readonly EventDefinition[]>(h: {
  name: string;
  events: Ds;
  handle(tx: Db, event: { [K in keyof Ds]: TypedEvent<Ds[K]> }[number]): Promise<void>;
  /** Set-based form for hot handlers (see EventHandler.handleBatch). */
  handleBatch?(tx: Db, events: Array<{ [K in keyof Ds]: TypedEvent<Ds[K]> }[number]>): Promise<void>;
  afterCommit?(event: { [K in keyof Ds]: TypedEvent<Ds[K]> }[number]): Promise<void>;
}): EventHandler {
  return {
    name: h.name,
    types: h.events.map((d) => d.type),
    handle: (tx, event) => h.handle(tx, event as never),
    ...(h.handleBatch ? { handleBatch: (tx: Db, events: OutboxEvent[]) => h.handleBatch!(tx, events as never) } : {}),
    ...(h.afterCommit ? { afterCommit: (event: OutboxEvent) => h.afterCommit!(event as never) } : {}),
  };
}
