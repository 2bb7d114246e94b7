import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgSequence, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** API keys: only a SHA-256 of the secret is stored; the prefix identifies the key in lists and logs. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull().unique(),
  secretHash: text('secret_hash').notNull(),
  role: text('role').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

/** Every mutation: who, what, on which entity, before and after. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId), index('audit_log_at_idx').on(t.at)],
);

/** Transactional outbox: written in the same transaction as the state change it announces. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id').notNull().unique(),
    type: text('type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    payload: jsonb('payload').notNull(),
    actor: text('actor'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    availableAt: timestamp('available_at', { withTimezone: true, mode: 'date' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true, mode: 'date' }),
    /** Lease: the dispatcher that claimed the event and until when (another may take it over after). */
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    /** Retries exhausted: a dead letter, holding back its aggregate until replayed or skipped. */
    deadAt: timestamp('dead_at', { withTimezone: true, mode: 'date' }),
    /** A dead letter an operator skipped (dispatched_at is set at the same time). */
    skippedAt: timestamp('skipped_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_aggregate_idx').on(t.aggregateType, t.aggregateId, t.id),
    // Pending events by id (the claim's scan) and by aggregate (the "earlier event still pending" check).
    index('outbox_pending_id_idx').on(t.id).where(sql`dispatched_at is null`),
    index('outbox_pending_aggregate_idx').on(t.aggregateType, t.aggregateId, t.id).where(sql`dispatched_at is null`),
    index('outbox_dispatched_at_idx').on(t.dispatchedAt).where(sql`dispatched_at is not null`),
  ],
);

/** Which consumer has already handled which event: makes every handler idempotent. */
export const processedEvents = pgTable(
  'processed_events',
  {
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] }), index('processed_events_processed_at_idx').on(t.processedAt)],
);

/**
 * Periodic jobs, run once per cluster: a process runs a job only after moving `next_run_at` forward
 * with one conditional UPDATE (the one whose update returns the row won this interval).
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  intervalMs: integer('interval_ms').notNull(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true, mode: 'date' }).notNull(),
  lockedBy: text('locked_by'),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true, mode: 'date' }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true, mode: 'date' }),
  lastError: text('last_error'),
  runs: integer('runs').notNull().default(0),
});

/** Stored responses for `Idempotency-Key` replays, scoped to the caller. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actorId: text('actor_id').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.key] })],
);

/** Human-friendly order numbers; a sequence never blocks concurrent placements. */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 100001, increment: 1 });

/**
 * Secrets generated once per installation (e.g. the sandbox gateway's webhook signing secret when
 * ORDO_SANDBOX_WEBHOOK_SECRET is unset), shared by every process on the database.
 */
export const installationSecrets = pgTable('installation_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
});
