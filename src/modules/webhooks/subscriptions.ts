import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { webhookDeliveries, webhookSubscriptions } from '../../platform/db/schema/index.js';
import { AppError, notFound, validation } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { newWebhookSecret } from './signing.js';
import { forgetSubscribedTypes } from './deliveries.js';
import { refuseWebhookUrl } from './url-guard.js';
import {
  webhookSubscriptionCreated,
  webhookSubscriptionDeleted,
  webhookSubscriptionSecretRotated,
  webhookSubscriptionUpdated,
} from './webhooks.events.js';
import type { CreateSubscriptionInput, SubscriptionJson, UpdateSubscriptionInput } from './webhooks.schemas.js';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;

/** What the webhooks module needs to know from its environment (ORDO_WEBHOOKS_* settings, the event catalog). */
export interface WebhookSettings {
  /** ORDO_WEBHOOKS_ALLOW_PRIVATE: private, loopback and link-local targets allowed (tests, local setups). */
  allowPrivate: boolean;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  /** How long the previous secret keeps signing after a rotation (24 h). */
  rotationOverlapMs?: number;
}

export const defaultWebhookSettings: WebhookSettings = { allowPrivate: false, connectTimeoutMs: 5_000, responseTimeoutMs: 15_000 };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toSubscriptionJson = (r: SubscriptionRow, pendingDeliveries: number, at: Date): SubscriptionJson => ({
  id: r.id,
  url: r.url,
  description: r.description,
  eventTypes: r.eventTypes,
  enabled: r.enabled,
  disabledAt: iso(r.disabledAt),
  disabledReason: r.disabledReason,
  failingSince: iso(r.failingSince),
  previousSecretExpiresAt: r.previousSecretExpiresAt && r.previousSecretExpiresAt > at ? r.previousSecretExpiresAt.toISOString() : null,
  pendingDeliveries,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Refuses unknown event types (400 naming eventTypes.N) and unsafe URLs (422 naming url), before any write. */
async function check(input: { url?: string | undefined; eventTypes?: string[] | undefined }, settings: WebhookSettings, knownTypes: ReadonlySet<string>) {
  if (input.eventTypes) {
    const bad = input.eventTypes.flatMap((t, i) => (t === '*' || knownTypes.has(t) ? [] : [{ path: `eventTypes.${i}`, message: `${t} is not an event type of the catalog (GET /api/v1/asyncapi.json)` }]));
    if (bad.length) throw validation(bad);
  }
  if (input.url !== undefined) {
    const why = await refuseWebhookUrl(input.url, settings);
    if (why) throw new AppError('business_rule', `Webhook URL refused: ${why}`, { reason: 'webhook_url_refused', errors: [{ path: 'url', message: why }] });
  }
}

async function pendingCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: webhookDeliveries.subscriptionId, n: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .where(and(inArray(webhookDeliveries.subscriptionId, ids), eq(webhookDeliveries.status, 'pending')))
    .groupBy(webhookDeliveries.subscriptionId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

export async function listSubscriptions(ctx: Ctx): Promise<SubscriptionJson[]> {
  const rows = await ctx.db.select().from(webhookSubscriptions).orderBy(desc(webhookSubscriptions.createdAt)).limit(500);
  const counts = await pendingCounts(ctx.db, rows.map((r) => r.id));
  const at = ctx.clock.now();
  return rows.map((r) => toSubscriptionJson(r, counts.get(r.id) ?? 0, at));
}

export async function getSubscription(ctx: Ctx, id: string): Promise<SubscriptionJson> {
  const [row] = await ctx.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  if (!row) throw notFound('Webhook subscription', id);
  return toSubscriptionJson(row, (await pendingCounts(ctx.db, [id])).get(id) ?? 0, ctx.clock.now());
}

export async function createSubscription(ctx: Ctx, input: CreateSubscriptionInput, settings: WebhookSettings, knownTypes: ReadonlySet<string>) {
  await check(input, settings, knownTypes);
  const at = ctx.clock.now();
  const secret = newWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookSubscriptions)
      .values({ id: ctx.newId(), url: input.url, description: input.description ?? null, eventTypes: [...new Set(input.eventTypes)], secret, enabled: input.enabled, createdAt: at, updatedAt: at })
      .returning();
    const json = toSubscriptionJson(row!, 0, at);
    const view = { subscriptionId: row!.id, url: row!.url, eventTypes: row!.eventTypes, enabled: row!.enabled };
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(webhookSubscriptionCreated, row!.id, view)]);
    await recordAudit(tx, { ...ctx, at }, { action: webhookSubscriptionCreated.type, entityType: 'webhook_subscription', entityId: row!.id, after: view });
    return { ...json, secret };
  }).finally(() => forgetSubscribedTypes(ctx.db));
}

export async function updateSubscription(ctx: Ctx, id: string, input: UpdateSubscriptionInput, settings: WebhookSettings, knownTypes: ReadonlySet<string>): Promise<SubscriptionJson> {
  await check(input, settings, knownTypes);
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).for('update');
    if (!before) throw notFound('Webhook subscription', id);
    const changes: Partial<SubscriptionRow> = {};
    if (input.url !== undefined && input.url !== before.url) changes.url = input.url;
    if (input.eventTypes !== undefined) changes.eventTypes = [...new Set(input.eventTypes)];
    if (input.description !== undefined) changes.description = input.description;
    if (input.enabled !== undefined && input.enabled !== before.enabled) {
      changes.enabled = input.enabled;
      // Enabled again (by hand): the failure streak starts over; disabled by hand: no automatic reason.
      Object.assign(changes, input.enabled ? { disabledAt: null, disabledReason: null, failingSince: null } : { disabledAt: at, disabledReason: null });
    }
    const [row] = await tx.update(webhookSubscriptions).set({ ...changes, updatedAt: at }).where(eq(webhookSubscriptions.id, id)).returning();
    if (input.enabled) {
      // Deliveries that waited while the endpoint was disabled go out now, in order.
      await tx.update(webhookDeliveries).set({ nextAttemptAt: at }).where(and(eq(webhookDeliveries.subscriptionId, id), eq(webhookDeliveries.status, 'pending')));
    }
    const changed = Object.keys(changes).filter((k) => ['url', 'eventTypes', 'description', 'enabled'].includes(k));
    const view = { subscriptionId: id, url: row!.url, eventTypes: row!.eventTypes, enabled: row!.enabled, changed };
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(webhookSubscriptionUpdated, id, view)]);
    await recordAudit(tx, { ...ctx, at }, { action: webhookSubscriptionUpdated.type, entityType: 'webhook_subscription', entityId: id, before: { url: before.url, eventTypes: before.eventTypes, enabled: before.enabled }, after: view });
    return toSubscriptionJson(row!, (await pendingCounts(tx, [id])).get(id) ?? 0, at);
  }).finally(() => forgetSubscribedTypes(ctx.db));
}

export async function deleteSubscription(ctx: Ctx, id: string): Promise<void> {
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).returning();
    if (!row) throw notFound('Webhook subscription', id);
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(webhookSubscriptionDeleted, id, { subscriptionId: id, url: row.url })]);
    await recordAudit(tx, { ...ctx, at }, { action: webhookSubscriptionDeleted.type, entityType: 'webhook_subscription', entityId: id, before: { url: row.url, eventTypes: row.eventTypes } });
  });
  forgetSubscribedTypes(ctx.db);
}

/** A new secret; the current one keeps signing (a second signature) for 24 h so receivers can switch over. */
export async function rotateSecret(ctx: Ctx, id: string, settings: WebhookSettings) {
  const at = ctx.clock.now();
  const until = new Date(at.getTime() + (settings.rotationOverlapMs ?? 24 * 3600_000));
  const secret = newWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).for('update');
    if (!before) throw notFound('Webhook subscription', id);
    const [row] = await tx
      .update(webhookSubscriptions)
      .set({ secret, previousSecret: before.secret, previousSecretExpiresAt: until, updatedAt: at })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    const payload = { subscriptionId: id, previousSecretExpiresAt: until.toISOString() };
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(webhookSubscriptionSecretRotated, id, payload)]);
    await recordAudit(tx, { ...ctx, at }, { action: webhookSubscriptionSecretRotated.type, entityType: 'webhook_subscription', entityId: id, after: payload });
    return { ...toSubscriptionJson(row!, (await pendingCounts(tx, [id])).get(id) ?? 0, at), secret };
  });
}

/** The secrets that sign a request now: the current one, and the previous one during its overlap. */
export const signingSecrets = (s: Pick<SubscriptionRow, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, at: Date): string[] =>
  s.previousSecret && s.previousSecretExpiresAt && s.previousSecretExpiresAt > at ? [s.secret, s.previousSecret] : [s.secret];
