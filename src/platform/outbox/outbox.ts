import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import { actorLabel, type Actor } from '../auth/roles.js';
import { toJson } from '../json.js';
import type { EventDefinition } from '../events/define.js';
import { AppError } from '../errors.js';

/** Event names are `<aggregate>.<past-tense verb>`: order.placed, inventory.adjusted, … */
export interface NewEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  /** The declared type (see platform/events/define.ts `newEvent`); its schema validates the payload when written. */
  definition: EventDefinition;
}

export interface OutboxEvent extends Omit<NewEvent, 'definition'> {
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
  const checked = events.map(checkedEvent);
  if (checked.length === 1) {
    const e = checked[0]!;
    const row = { eventId: ctx.newId(), type: e.type, aggregateType: e.aggregateType, aggregateId: e.aggregateId, payload: e.payload };
    await tx.insert(outbox).values({ ...row, actor: actorLabel(ctx.actor), occurredAt: ctx.at, availableAt: ctx.at });
    return;
  }
  // Several events (a handler's batch writes hundreds): one array parameter per column instead of one
  // parameter per column and event, cheaper to build, send and parse.
  const at = ctx.at.toISOString();
  const col = <T>(f: (e: NewEvent) => T) => sql.param(checked.map(f));
  await tx.execute(sql`
    insert into outbox (event_id, type, aggregate_type, aggregate_id, payload, actor, occurred_at, available_at)
    select e.event_id, e.type, e.aggregate_type, e.aggregate_id, e.payload::jsonb, ${actorLabel(ctx.actor)}, ${at}::timestamptz, ${at}::timestamptz
    from unnest(${col(() => ctx.newId())}::uuid[], ${col((e) => e.type)}::text[], ${col((e) => e.aggregateType)}::text[],
      ${col((e) => e.aggregateId)}::text[], ${col((e) => JSON.stringify(e.payload))}::text[]) with ordinality as e(event_id, type, aggregate_type, aggregate_id, payload, n)
    order by e.n`);
}

/**
 * A payload that does not match its declared schema is a programming error: it would break the
 * public event contract, so the write (and with it the use case's transaction) fails. Writers that
 * insert outbox rows with their own SQL call this for each event before the statement.
 */
export function checkedEvent(e: NewEvent): NewEvent {
  // Schemas describe the JSON that consumers receive (bigint as a decimal string, dates as ISO strings).
  const json = toJson(e.payload) as Record<string, unknown>;
  if (e.definition?.type !== e.type) throw new AppError('internal', `event ${e.type}: not declared in the event catalog (write it with newEvent)`);
  const parsed = e.definition.payload.safeParse(json);
  if (!parsed.success) {
    throw new AppError('internal', `event ${e.type} v${e.definition.version}: payload does not match its schema`, {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return { ...e, payload: parsed.data as Record<string, unknown> };
}
