import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Outbound webhook endpoints (module webhooks): where which events go, signed with whose secret. */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description'),
  /** Event types from the catalog; `*` for every type. */
  eventTypes: text('event_types').array().notNull(),
  /** Standard Webhooks signing secret `whsec_<base64>`. */
  secret: text('secret').notNull(),
  /** After a rotation the previous secret still signs (a second signature) until it expires. */
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: ts('previous_secret_expires_at'),
  enabled: boolean('enabled').notNull().default(true),
  disabledAt: ts('disabled_at'),
  disabledReason: text('disabled_reason'),
  /** First failed attempt since the last success (null while healthy). */
  failingSince: ts('failing_since'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** One event for one subscription: sent in order per subscription, retried with backoff. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    /** Order of deliveries within a subscription. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The request body, as sent on every attempt (the signature covers it). */
    body: text('body').notNull(),
    /** pending → succeeded | failed (retries exhausted); replay puts it back to pending. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** Lease of the sender that is attempting it now (several processes share the work). */
    lockedUntil: ts('locked_until'),
    lastAttemptAt: ts('last_attempt_at'),
    responseStatus: integer('response_status'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    unique('webhook_deliveries_subscription_event_key').on(t.subscriptionId, t.eventId),
    index('webhook_deliveries_pending_idx').on(t.subscriptionId, t.seq).where(sql`status = 'pending'`),
    index('webhook_deliveries_created_idx').on(t.subscriptionId, t.createdAt),
  ],
);

/** The delivery log: every attempt with its response status, a truncated body and the latency. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: ts('at').notNull(),
    /** The webhook-timestamp sent (seconds) and how many signatures the header carried. */
    signedAt: bigint('signed_at', { mode: 'number' }).notNull(),
    signatures: integer('signatures').notNull(),
    responseStatus: integer('response_status'),
    /** First 2 KiB of the response body. */
    responseBody: text('response_body'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
