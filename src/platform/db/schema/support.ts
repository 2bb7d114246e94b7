import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orders } from './orders.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Owned by the support module. A customer service case, linked to an order and/or a customer; its
 * status follows domain/support/case-states.ts. The SLA targets are copied from the policy when the
 * case opens; the due times are kept current on every status change, so the breach job and the lists
 * read them without calendar arithmetic. `customer_id` has no foreign key: customers can be merged,
 * and the case keeps the e-mail address it talks to.
 */
export const supportCases = pgTable(
  'support_cases',
  {
    id: uuid('id').primaryKey(),
    /** The reference `C-<number>` in subjects and plus-addresses. */
    number: serial('number').notNull().unique(),
    subject: text('subject').notNull(),
    category: text('category').notNull(),
    priority: text('priority').notNull(),
    status: text('status').notNull(),
    source: text('source').$type<'console' | 'api' | 'email' | 'assistant'>().notNull(),
    orderId: uuid('order_id').references(() => orders.id),
    customerId: uuid('customer_id'),
    customerEmail: text('customer_email'),
    customerName: text('customer_name'),
    assigneeId: text('assignee_id'),
    assigneeName: text('assignee_name'),
    firstResponseMinutes: integer('first_response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    firstResponseDueAt: ts('first_response_due_at'),
    firstRespondedAt: ts('first_responded_at'),
    firstResponseBreachedAt: ts('first_response_breached_at'),
    /** Null while the resolution clock is paused (pending, resolved) or without a policy. */
    resolutionDueAt: ts('resolution_due_at'),
    /** Business ms the resolution clock used before its current run. */
    resolutionElapsedMs: bigint('resolution_elapsed_ms', { mode: 'number' }).notNull().default(0),
    resolutionRunningSince: ts('resolution_running_since'),
    resolutionBreachedAt: ts('resolution_breached_at'),
    resolvedAt: ts('resolved_at'),
    lastCustomerMessageAt: ts('last_customer_message_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('support_cases_status_idx').on(t.status, t.createdAt),
    index('support_cases_order_idx').on(t.orderId),
    index('support_cases_customer_idx').on(t.customerId),
    index('support_cases_email_idx').on(t.customerEmail),
    index('support_cases_first_response_due_idx').on(t.firstResponseDueAt).where(sql`first_responded_at is null and first_response_breached_at is null`),
    index('support_cases_resolution_due_idx').on(t.resolutionDueAt).where(sql`resolution_breached_at is null`),
    check('support_cases_status', sql`${t.status} in ('open', 'pending', 'resolved')`),
    check('support_cases_priority', sql`${t.priority} in ('low', 'normal', 'high', 'urgent')`),
    check('support_cases_source', sql`${t.source} in ('console', 'api', 'email', 'assistant')`),
  ],
);

export const caseActivityKinds = ['opened', 'customer_message', 'reply', 'comment', 'assigned', 'status_changed', 'sla_breached'] as const;
export type CaseActivityKind = (typeof caseActivityKinds)[number];

/**
 * Owned by the support module. A case's timeline: customer e-mails in, agent replies out (with the
 * notification message that carries them), internal comments, assignments, status changes and SLA
 * breaches. `external_id` is the provider's message id of an inbound e-mail: a redelivered webhook
 * adds nothing.
 */
export const supportCaseActivity = pgTable(
  'support_case_activity',
  {
    id: uuid('id').primaryKey(),
    /** Insertion order: entries written in one transaction share their time. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => supportCases.id),
    kind: text('kind').$type<CaseActivityKind>().notNull(),
    author: text('author').notNull(),
    subject: text('subject'),
    body: text('body'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    externalId: text('external_id').unique(),
    at: ts('at').notNull(),
  },
  (t) => [index('support_case_activity_case_idx').on(t.caseId, t.at), check('support_case_activity_kind', sql`${t.kind} in ('opened', 'customer_message', 'reply', 'comment', 'assigned', 'status_changed', 'sla_breached')`)],
);

/** Owned by the support module. Canned replies with `{{placeholders}}` (domain/support/reply-template.ts). */
export const supportReplyTemplates = pgTable('support_reply_templates', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull().unique(),
  subject: text('subject'),
  body: text('body').notNull(),
  category: text('category'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Owned by the support module. SLA targets in business minutes per category and priority (`*` = any). */
export const supportSlaPolicies = pgTable(
  'support_sla_policies',
  {
    id: uuid('id').primaryKey(),
    category: text('category').notNull(),
    priority: text('priority').notNull(),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [unique('support_sla_policies_key').on(t.category, t.priority), check('support_sla_policies_targets', sql`${t.firstResponseMinutes} > 0 and ${t.resolutionMinutes} > 0`)],
);

/** Owned by the support module. The support calendar (one row, id = 1): time zone, weekly hours, holidays. */
export const supportSettings = pgTable(
  'support_settings',
  {
    id: smallint('id').primaryKey(),
    timeZone: text('time_zone').notNull(),
    week: jsonb('week').$type<Record<string, Array<{ open: string; close: string }>>>().notNull(),
    holidays: jsonb('holidays').$type<string[]>().notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [check('support_settings_single', sql`${t.id} = 1`)],
);

/**
 * Owned by the support module. Signing keys of inbound e-mail providers that assign their own (Mailgun's
 * HTTP webhook signing key), entered by an admin: AES-256-GCM ciphertext under the installation's secret
 * key (as channel credentials), never returned; `hint` is the last four characters, to tell keys apart.
 */
export const supportInboundKeys = pgTable('support_inbound_keys', {
  provider: text('provider').primaryKey(),
  keyCiphertext: text('key_ciphertext').notNull(),
  hint: text('hint').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
