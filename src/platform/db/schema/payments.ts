import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orders } from './orders.js';

/** Card gateways reached over the network (they send webhooks). */
export const gatewayProviders = ['sandbox', 'stripe'] as const;
/**
 * Every way a payment is taken: the gateways, and `cash` — money counted at a store's till, settled
 * in process (no gateway call, no webhook), only through the point of sale.
 */
export const paymentProviders = [...gatewayProviders, 'cash'] as const;
export type PaymentProviderName = (typeof paymentProviders)[number];
export type GatewayProviderName = (typeof gatewayProviders)[number];

import { paymentStatuses, type PaymentStatus } from '../../../domain/payments/payment-status.js';

export { paymentStatuses, type PaymentStatus };

/**
 * One payment of an order (an order may have several, e.g. gift card + card). Aggregate amounts in
 * minor units; `pending_*` are amounts reserved by operations in flight at the gateway, so concurrent
 * captures/refunds can never together exceed what is authorized/captured (CHECKs below).
 * Never holds card data: `payment_method` is a gateway token / payment-method id.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    seq: integer('seq').notNull(),
    provider: text('provider').$type<PaymentProviderName>().notNull(),
    paymentMethod: text('payment_method').notNull(),
    providerReference: text('provider_reference'),
    currency: text('currency').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    authorizedAmount: bigint('authorized_amount', { mode: 'bigint' }).notNull().default(sql`0`),
    capturedAmount: bigint('captured_amount', { mode: 'bigint' }).notNull().default(sql`0`),
    refundedAmount: bigint('refunded_amount', { mode: 'bigint' }).notNull().default(sql`0`),
    voidedAmount: bigint('voided_amount', { mode: 'bigint' }).notNull().default(sql`0`),
    pendingCaptureAmount: bigint('pending_capture_amount', { mode: 'bigint' }).notNull().default(sql`0`),
    pendingRefundAmount: bigint('pending_refund_amount', { mode: 'bigint' }).notNull().default(sql`0`),
    pendingVoidAmount: bigint('pending_void_amount', { mode: 'bigint' }).notNull().default(sql`0`),
    status: text('status').$type<PaymentStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    avs: text('avs'),
    cvv: text('cvv'),
    fingerprint: text('fingerprint'),
    /** Cash only: what the customer handed over (≥ amount); the change given back is tendered − amount. */
    tenderedAmount: bigint('tendered_amount', { mode: 'bigint' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    unique('payments_order_seq_key').on(t.orderId, t.seq),
    index('payments_order_idx').on(t.orderId),
    index('payments_provider_ref_idx').on(t.provider, t.providerReference),
    check('payments_amount_positive', sql`${t.amount} > 0`),
    check('payments_amounts_nonneg', sql`${t.authorizedAmount} >= 0 and ${t.capturedAmount} >= 0 and ${t.refundedAmount} >= 0
      and ${t.voidedAmount} >= 0 and ${t.pendingCaptureAmount} >= 0 and ${t.pendingRefundAmount} >= 0 and ${t.pendingVoidAmount} >= 0`),
    check('payments_authorized_le_amount', sql`${t.authorizedAmount} <= ${t.amount}`),
    check('payments_captured_le_authorized', sql`${t.capturedAmount} + ${t.pendingCaptureAmount} + ${t.voidedAmount} + ${t.pendingVoidAmount} <= ${t.authorizedAmount}`),
    check('payments_refunded_le_captured', sql`${t.refundedAmount} + ${t.pendingRefundAmount} <= ${t.capturedAmount}`),
    check('payments_tendered_covers_amount', sql`${t.tenderedAmount} is null or ${t.tenderedAmount} >= ${t.amount}`),
  ],
);

export const paymentTransactionKinds = ['authorization', 'capture', 'void', 'refund'] as const;
export type PaymentTransactionKind = (typeof paymentTransactionKinds)[number];

/**
 * Append-only ledger of what the gateway did (a trigger forbids UPDATE/DELETE, see the custom
 * migration). `provider_response` is the gateway's answer with card data never present.
 */
export const paymentTransactions = pgTable(
  'payment_transactions',
  {
    id: uuid('id').primaryKey(),
    /** Insertion order (ids made in the same millisecond do not sort in time). */
    position: bigserial('position', { mode: 'number' }).notNull(),
    paymentId: uuid('payment_id').notNull().references(() => payments.id),
    kind: text('kind').$type<PaymentTransactionKind>().notNull(),
    status: text('status').$type<'succeeded' | 'failed' | 'requires_action'>().notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    providerReference: text('provider_reference'),
    providerResponse: jsonb('provider_response').notNull(),
    reason: text('reason'),
    lines: jsonb('lines').$type<Array<{ lineId: string; quantity: number }>>(),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    unique('payment_transactions_idem_key').on(t.paymentId, t.idempotencyKey),
    index('payment_transactions_payment_idx').on(t.paymentId, t.position),
    check('payment_transactions_amount_nonneg', sql`${t.amount} >= 0`),
  ],
);

/**
 * Gateway operations in flight (capture, void, refund): reserved under the payment's row lock,
 * executed at the gateway outside any transaction, finished in a second transaction. A crash in
 * between leaves the row `pending`; the payments sweep runs it again with the same idempotency key.
 */
export const paymentOperations = pgTable(
  'payment_operations',
  {
    id: uuid('id').primaryKey(),
    paymentId: uuid('payment_id').notNull().references(() => payments.id),
    kind: text('kind').$type<'capture' | 'void' | 'refund'>().notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    /** The whole remaining authorization (void) / the last capture of the order. */
    final: boolean('final').notNull().default(false),
    status: text('status').$type<'pending' | 'succeeded' | 'failed'>().notNull(),
    reason: text('reason'),
    lines: jsonb('lines').$type<Array<{ lineId: string; quantity: number }>>(),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('payment_operations_pending_idx').on(t.createdAt).where(sql`status = 'pending'`),
    index('payment_operations_payment_idx').on(t.paymentId),
    check('payment_operations_amount_positive', sql`${t.amount} > 0`),
  ],
);

/** Inbound gateway webhook events already applied: a replayed event id is acknowledged and ignored. */
export const paymentWebhookEvents = pgTable(
  'payment_webhook_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);
