import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from '../../platform/db/schema/index.js';
import { queryRows } from '../../platform/db/query.js';
import { systemActor } from '../../platform/auth/roles.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { postJson, type PostResult } from './http-post.js';
import { signatureHeader } from './signing.js';
import { retryDelayMs } from './retry-schedule.js';
import { signingSecrets, type WebhookSettings } from './subscriptions.js';
import { forgetSubscribedTypes } from './deliveries.js';
import { webhookSubscriptionDisabled } from './webhooks.events.js';

interface Claimed {
  id: string;
  subscription_id: string;
  event_id: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | Date | null;
  failing_since: string | Date | null;
}

export interface SendResult {
  sent: number;
  succeeded: number;
  failed: number;
}

const toDate = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

/**
 * Claims the oldest pending delivery of each enabled subscription that is due (FOR UPDATE SKIP LOCKED,
 * then a lease in `locked_until`, so several processes share the work and a crashed sender's claim
 * expires), sends them side by side (one request per subscription at a time, in order), records each
 * attempt and repeats until nothing is due. A subscription's later deliveries wait while its oldest
 * one fails: the receiver gets them in order once it recovers, and a down endpoint gets one request
 * per retry step, not one per event.
 */
export async function sendDueWebhooks(deps: Deps, settings: WebhookSettings, opts: { maxRounds?: number; batch?: number } = {}): Promise<SendResult> {
  const result: SendResult = { sent: 0, succeeded: 0, failed: 0 };
  for (let round = 0; round < (opts.maxRounds ?? 20); round++) {
    const now = deps.clock.now();
    const lease = new Date(now.getTime() + settings.connectTimeoutMs + settings.responseTimeoutMs + 30_000);
    const claimed = await queryRows<Claimed>(
      deps.db,
      sql`
      with heads as (
        select distinct on (subscription_id) id from webhook_deliveries where status = 'pending' order by subscription_id, seq
      ), due as (
        select d.id from webhook_deliveries d
        join heads h on h.id = d.id
        join webhook_subscriptions s on s.id = d.subscription_id
        where s.enabled and d.next_attempt_at <= ${now}::timestamptz and (d.locked_until is null or d.locked_until <= ${now}::timestamptz)
        order by d.next_attempt_at
        limit ${opts.batch ?? 32}
        for update of d skip locked
      )
      update webhook_deliveries d set locked_until = ${lease}::timestamptz
      from due, webhook_subscriptions s
      where d.id = due.id and s.id = d.subscription_id
      returning d.id, d.subscription_id, d.event_id, d.body, d.attempts, s.url, s.secret, s.previous_secret, s.previous_secret_expires_at, s.failing_since`,
    );
    if (claimed.length === 0) break;
    await Promise.all(claimed.map((c) => attempt(deps, settings, c, lease, result)));
  }
  return result;
}

async function attempt(deps: Deps, settings: WebhookSettings, c: Claimed, lease: Date, result: SendResult): Promise<void> {
  const at = deps.clock.now();
  const timestamp = Math.floor(at.getTime() / 1000);
  const msgId = `msg_${c.event_id}`;
  const secrets = signingSecrets({ secret: c.secret, previousSecret: c.previous_secret, previousSecretExpiresAt: toDate(c.previous_secret_expires_at) }, at);
  const headers = {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, { id: msgId, timestamp, body: c.body }),
  };
  const res: PostResult = await postJson(c.url, headers, c.body, settings);
  const ok = res.status !== null && res.status >= 200 && res.status < 300;
  const n = c.attempts + 1;
  const error = res.error ?? (ok ? null : `HTTP ${res.status}`);
  result.sent++;
  const done = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    // Only the holder of the lease records the outcome (a sender whose lease ran out lost the claim).
    const [mine] = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, c.id), eq(webhookDeliveries.lockedUntil, lease)))
      .for('update');
    if (!mine) return;
    await tx.insert(webhookAttempts).values({ deliveryId: c.id, attempt: n, at, signedAt: timestamp, signatures: secrets.length, responseStatus: res.status, responseBody: res.body, latencyMs: res.latencyMs, error });
    const base = { attempts: n, lastAttemptAt: at, responseStatus: res.status, lastError: error, lockedUntil: null };
    if (ok) {
      result.succeeded++;
      await tx.update(webhookDeliveries).set({ ...base, status: 'succeeded', deliveredAt: done }).where(eq(webhookDeliveries.id, c.id));
      await tx.update(webhookSubscriptions).set({ failingSince: null }).where(eq(webhookSubscriptions.id, c.subscription_id));
      return;
    }
    const delay = retryDelayMs(n);
    if (delay !== null) {
      await tx.update(webhookDeliveries).set({ ...base, nextAttemptAt: new Date(done.getTime() + delay) }).where(eq(webhookDeliveries.id, c.id));
      await tx.update(webhookSubscriptions).set({ failingSince: sql`coalesce(${webhookSubscriptions.failingSince}, ${at}::timestamptz)` }).where(eq(webhookSubscriptions.id, c.subscription_id));
      return;
    }
    // Retries used up (about 3 days of failures): the delivery failed and the endpoint is disabled;
    // its later deliveries wait until someone enables it again (PATCH enabled: true), then go in order.
    result.failed++;
    await tx.update(webhookDeliveries).set({ ...base, status: 'failed' }).where(eq(webhookDeliveries.id, c.id));
    const reason = `delivery ${c.id} failed ${n} times over about 3 days (last: ${error})`;
    const [s] = await tx
      .update(webhookSubscriptions)
      .set({ enabled: false, disabledAt: done, disabledReason: reason, updatedAt: done })
      .where(and(eq(webhookSubscriptions.id, c.subscription_id), eq(webhookSubscriptions.enabled, true)))
      .returning();
    if (s) {
      forgetSubscribedTypes(deps.db);
      await enqueueEvents(tx, { actor: systemActor, newId: deps.newId, at: done }, [
        newEvent(webhookSubscriptionDisabled, s.id, { subscriptionId: s.id, url: s.url, reason, failingSince: s.failingSince?.toISOString() ?? null, deliveryId: c.id }),
      ]);
    }
  });
}
