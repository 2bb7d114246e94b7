import type { Db } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import { actorLabel, type Actor } from '../auth/roles.js';
import { toJson } from '../json.js';

/** Event names are `<aggregate>.<past-tense verb>`: order.placed, inventory.adjusted, … */
export interface NewEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

export interface OutboxEvent extends NewEvent {
  id: number;
  eventId: string;
  occurredAt: Date;
  actor: string | null;
  attempts: number;
}

/**
 * Writes events to the outbox. Must be called with the transaction that makes the state change,
 * so the change and its announcement commit (or roll back) together.
 */
export async function enqueueEvents(
  tx: Db,
  ctx: { actor: Actor; newId: () => string; at: Date },
  events: NewEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(outbox).values(
    events.map((e) => ({
      eventId: ctx.newId(),
      type: e.type,
      aggregateType: e.aggregateType,
      aggregateId: e.aggregateId,
      payload: toJson(e.payload) as Record<string, unknown>,
      actor: actorLabel(ctx.actor),
      occurredAt: ctx.at,
      availableAt: ctx.at,
    })),
  );
}
