import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orders } from './orders.js';

export type RiskReasonRow = { rule: string; points: number; message: string };

/**
 * One row per scoring of an order: at placement and again when the payment is authorized. The
 * velocity rules count these rows, hence the (key, created_at) indexes (the customer velocity rule
 * counts orders, so there is no customer index here: one index less to write per placement).
 */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    stage: text('stage').$type<'placement' | 'payment'>().notNull(),
    score: integer('score').notNull(),
    decision: text('decision').$type<'accept' | 'hold'>().notNull(),
    reasons: jsonb('reasons').$type<RiskReasonRow[]>().notNull(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    customerId: uuid('customer_id'),
    email: text('email').notNull(),
    clientIp: text('client_ip'),
    paymentFingerprint: text('payment_fingerprint'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('risk_assessments_order_idx').on(t.orderId, t.id),
    index('risk_assessments_email_idx').on(t.email, t.createdAt),
    index('risk_assessments_ip_idx').on(t.clientIp, t.createdAt),
    // Only payment-stage rows carry a fingerprint: placements (the hot path) add no entry here.
    index('risk_assessments_fingerprint_idx').on(t.paymentFingerprint, t.createdAt).where(sql`payment_fingerprint is not null`),
    check('risk_assessments_score', sql`${t.score} between 0 and 100`),
    check('risk_assessments_stage', sql`${t.stage} in ('placement', 'payment')`),
    check('risk_assessments_decision', sql`${t.decision} in ('accept', 'hold')`),
  ],
);

/** Blocked emails, addresses (normalised line1 + postal code + country) and payment fingerprints. */
export const riskBlocklist = pgTable(
  'risk_blocklist',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<'email' | 'address' | 'payment_fingerprint'>().notNull(),
    value: text('value').notNull(),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    unique('risk_blocklist_kind_value_key').on(t.kind, t.value),
    index('risk_blocklist_created_idx').on(t.createdAt, t.id),
    check('risk_blocklist_kind', sql`${t.kind} in ('email', 'address', 'payment_fingerprint')`),
  ],
);

/** The merchant's risk configuration: a single row (id = 1); absent = the defaults in code. */
export const riskSettings = pgTable(
  'risk_settings',
  {
    id: smallint('id').primaryKey().default(1),
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [check('risk_settings_single_row', sql`${t.id} = 1`)],
);
