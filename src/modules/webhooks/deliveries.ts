import { and, desc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { Ctx, Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import type { OutboxEvent } from '../../platform/outbox/outbox.js';
import { toJsonString } from '../../platform/json.js';
import type { DeliveryJson } from './webhooks.schemas.js';

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toDeliveryJson = (d: DeliveryRow): DeliveryJson => ({
  id: d.id,
  subscriptionId: d.subscriptionId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status as DeliveryJson['status'],
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
  lastAttemptAt: iso(d.lastAttemptAt),
  responseStatus: d.responseStatus,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: iso(d.deliveredAt),
});

/**
 * Which event types enabled subscriptions want, per database, cached for a second so that the
 * fan-out costs no statement for the (many) events nobody subscribed to. A subscription change in
 * this process refreshes it at once; one made by another process is seen within a second.
 */
const subscribedTypes = new WeakMap<object, { at: number; types: Set<string> }>();
const CACHE_MS = 1_000;

export function forgetSubscribedTypes(db: Db): void {
  subscribedTypes.delete(db);
}

/** `db` keys the cache; the query runs on `tx` (inside a PGlite transaction only its handle may be used). */
async function wantedTypes(db: Db, tx: Db): Promise<Set<string>> {
  const hit = subscribedTypes.get(db);
  if (hit && performance.now() - hit.at < CACHE_MS) return hit.types;
  const rows = await tx.selectDistinct({ t: sql<string>`unnest(${webhookSubscriptions.eventTypes})` }).from(webhookSubscriptions).where(eq(webhookSubscriptions.enabled, true));
  const types = new Set(rows.map((r) => r.t));
  subscribedTypes.set(db, { at: performance.now(), types });
  return types;
}

/**
 * Records one delivery per enabled subscription that wants the event, in the dispatcher's
 * transaction (so exactly once per event). The body is fixed here: every attempt and every replay
 * sends the same bytes. Body: `{ id, type, timestamp, aggregateType, aggregateId, data }`.
 */
export const webhookFanOutHandler = (deps: Deps): EventHandler => {
  const wants = async (type: string, db: Db) => {
    const wanted = await wantedTypes(deps.db, db);
    return wanted.has(type) || wanted.has('*');
  };
  const fanOut = async (tx: Db, events: OutboxEvent[]) => {
    const mine: OutboxEvent[] = [];
    for (const e of events) if (await wants(e.type, tx)) mine.push(e);
    if (mine.length === 0) return;
    const body = (e: OutboxEvent) =>
      toJsonString({ id: e.eventId, type: e.type, timestamp: e.occurredAt.toISOString(), aggregateType: e.aggregateType, aggregateId: e.aggregateId, data: e.payload });
    const at = deps.clock.now();
    // One INSERT for the events: each joined with the enabled subscriptions that want its type.
    await tx.execute(sql`
      insert into webhook_deliveries (id, subscription_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at)
      select gen_random_uuid(), s.id, e.event_id, e.event_type, e.body, 'pending', 0, ${at}::timestamptz, ${at}::timestamptz
      from unnest(${sql.param(mine.map((e) => e.eventId))}::uuid[], ${sql.param(mine.map((e) => e.type))}::text[], ${sql.param(mine.map(body))}::text[])
        with ordinality as e(event_id, event_type, body, ord)
      join webhook_subscriptions s on s.enabled and (e.event_type = any(s.event_types) or '*' = any(s.event_types))
      order by e.ord, s.created_at
      on conflict (subscription_id, event_id) do nothing`);
  };
  return {
    name: 'webhooks.fan_out',
    types: '*',
    // Nobody subscribed to the type (cached for a second): no transaction, no processed mark.
    wants: (event) => wants(event.type, deps.db),
    handle: (tx, event) => fanOut(tx, [event]),
    handleBatch: fanOut,
  };
};

export async function listDeliveries(db: Db, subscriptionId: string, q: { status?: DeliveryJson['status'] | undefined; limit: number; cursor?: string | undefined }) {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        q.status ? eq(webhookDeliveries.status, q.status) : undefined,
        q.cursor ? lt(webhookDeliveries.seq, Number(q.cursor)) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.seq))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { items: page.map(toDeliveryJson), nextCursor: rows.length > q.limit ? String(page.at(-1)!.seq) : null };
}

/** A delivery with its request and every attempt (status, truncated response body, latency). */
export async function getDelivery(db: Db, id: string) {
  const [d] = await db
    .select({ d: webhookDeliveries, url: webhookSubscriptions.url })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(eq(webhookDeliveries.id, id));
  if (!d) throw notFound('Webhook delivery', id);
  const log = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, id)).orderBy(webhookAttempts.id);
  return {
    ...toDeliveryJson(d.d),
    request: { url: d.url, body: d.d.body },
    log: log.map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), responseStatus: a.responseStatus, responseBody: a.responseBody, latencyMs: a.latencyMs, signatures: a.signatures, error: a.error })),
  };
}

/** Sends one delivery again (whatever its status), with a fresh retry schedule. */
export async function replayDelivery(ctx: Ctx, id: string) {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: at, lockedUntil: null, deliveredAt: null })
      .where(eq(webhookDeliveries.id, id))
      .returning();
    if (!row) throw notFound('Webhook delivery', id);
    await recordAudit(tx, { ...ctx, at }, { action: 'webhook_delivery.replayed', entityType: 'webhook_delivery', entityId: id, after: { subscriptionId: row.subscriptionId, eventId: row.eventId } });
    return toDeliveryJson(row);
  });
}

/** Sends again every delivery of a subscription created in [from, to) (or only the failed ones). */
export async function replayRange(ctx: Ctx, subscriptionId: string, r: { from: string; to: string; status: 'failed' | 'all' }) {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [s] = await tx.select({ id: webhookSubscriptions.id }).from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
    if (!s) throw notFound('Webhook subscription', subscriptionId);
    const rows = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: at, lockedUntil: null, deliveredAt: null })
      .where(
        and(
          eq(webhookDeliveries.subscriptionId, subscriptionId),
          gte(webhookDeliveries.createdAt, new Date(r.from)),
          lt(webhookDeliveries.createdAt, new Date(r.to)),
          r.status === 'failed' ? eq(webhookDeliveries.status, 'failed') : ne(webhookDeliveries.status, 'pending'),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    await recordAudit(tx, { ...ctx, at }, { action: 'webhook_delivery.replayed', entityType: 'webhook_subscription', entityId: subscriptionId, after: { ...r, replayed: rows.length } });
    return { replayed: rows.length };
  });
}
