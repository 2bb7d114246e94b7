import { sql } from 'drizzle-orm';
import { bytea } from './shipping.js';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orderLines, orders } from './orders.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The return policy (one row, id = 1): `domain/returns/return-policy.ts` ReturnPolicy as JSON. Owned by modules/returns. */
export const returnPolicySettings = pgTable(
  'return_policy_settings',
  {
    id: smallint('id').primaryKey(),
    policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [check('return_policy_settings_single', sql`${t.id} = 1`)],
);

/** A return (RMA) of an order; status follows domain/returns/return-states.ts. Owned by modules/returns. */
export const returns = pgTable(
  'returns',
  {
    id: uuid('id').primaryKey(),
    /** `R-<order number>-<n>`: what the return label and document barcode carry. */
    number: text('number').notNull().unique(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    customerId: uuid('customer_id'),
    status: text('status').notNull(),
    /** Where it started: portal (customer), console (agent), api (channel). */
    source: text('source').$type<'portal' | 'console' | 'api'>().notNull(),
    resolution: text('resolution').$type<'refund' | 'store_credit' | 'exchange'>().notNull(),
    currency: text('currency').notNull(),
    /** Who pays the return label: the merchant when any line's reason is the seller's fault. */
    returnShippingPaidBy: text('return_shipping_paid_by').$type<'customer' | 'merchant'>().notNull(),
    note: text('note'),
    decisionReason: text('decision_reason'),
    /** The return label (built-in carrier): where the parcel goes, its tracking number and PDF. */
    /** Returns fraud: score, signals with reasons, and whether the return waits for review (approval blocked). */
    fraudScore: integer('fraud_score').notNull().default(0),
    fraudSignals: jsonb('fraud_signals').$type<Array<{ code: string; points: number; reason: string }>>().notNull().default([]),
    heldForReview: boolean('held_for_review').notNull().default(false),
    labelCarrierCode: text('label_carrier_code'),
    labelTrackingNumber: text('label_tracking_number').unique(),
    labelLocationCode: text('label_location_code'),
    labelPdf: bytea('label_pdf'),
    /** Exchanges: the replacement order placed at approval, and the catalog value of its lines (minor units). */
    exchangeOrderId: uuid('exchange_order_id'),
    exchangeValueAmount: bigint('exchange_value_amount', { mode: 'bigint' }),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('returns_order_idx').on(t.orderId),
    index('returns_customer_idx').on(t.customerId, t.createdAt),
    index('returns_status_idx').on(t.status, t.createdAt),
    check('returns_status', sql`${t.status} in ('requested','approved','rejected','label_issued','in_transit','received','inspected','completed','cancelled')`),
    check('returns_source', sql`${t.source} in ('portal','console','api')`),
    check('returns_resolution', sql`${t.resolution} in ('refund','store_credit','exchange')`),
  ],
);

export const returnLines = pgTable(
  'return_lines',
  {
    id: uuid('id').primaryKey(),
    returnId: uuid('return_id').notNull().references(() => returns.id),
    orderLineId: uuid('order_line_id').notNull().references(() => orderLines.id),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    reason: text('reason').notNull(),
    note: text('note'),
    /** Restocking fee in basis points from the policy when the return was requested. */
    restockingFeeBps: integer('restocking_fee_bps').notNull().default(0),
    /** Value of the units at the order's exact allocation (minor units), computed at request. */
    valueAmount: bigint('value_amount', { mode: 'bigint' }).notNull(),
    restockingFeeAmount: bigint('restocking_fee_amount', { mode: 'bigint' }).notNull().default(sql`0`),
    /** Exchanges: the SKU sent in place of the returned one (the same SKU for a like-for-like swap). */
    exchangeSku: text('exchange_sku'),
  },
  (t) => [
    unique('return_lines_return_order_line_key').on(t.returnId, t.orderLineId),
    index('return_lines_order_line_idx').on(t.orderLineId),
    check('return_lines_quantity', sql`${t.quantity} > 0`),
    check('return_lines_money', sql`${t.valueAmount} >= 0 and ${t.restockingFeeAmount} >= 0 and ${t.restockingFeeAmount} <= ${t.valueAmount}`),
  ],
);

export const returnStatusHistory = pgTable(
  'return_status_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    returnId: uuid('return_id').notNull().references(() => returns.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actor: text('actor').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('return_status_history_return_idx').on(t.returnId, t.id)],
);

export const returnConditions = ['new', 'like_new', 'used', 'damaged', 'defective'] as const;
export const returnDispositions = ['restock', 'refurbish', 'quarantine', 'scrap', 'return_to_vendor'] as const;

/**
 * What arrived at a location for a return, item by item (scan + grade + disposition). An item that
 * matches no line of the return is recorded with `return_line_id` null (unexpected), never accepted
 * silently. Owned by modules/returns.
 */
export const returnReceipts = pgTable(
  'return_receipts',
  {
    id: uuid('id').primaryKey(),
    returnId: uuid('return_id').notNull().references(() => returns.id),
    returnLineId: uuid('return_line_id').references(() => returnLines.id),
    /** The scanned code (GTIN or SKU) as read. */
    code: text('code').notNull(),
    sku: text('sku'),
    quantity: integer('quantity').notNull(),
    condition: text('condition').$type<(typeof returnConditions)[number]>(),
    disposition: text('disposition').$type<(typeof returnDispositions)[number]>(),
    locationCode: text('location_code').notNull(),
    actor: text('actor').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('return_receipts_return_idx').on(t.returnId),
    check('return_receipts_quantity', sql`${t.quantity} > 0`),
  ],
);

/** Store credit per customer: append-only; the balance is the sum of its rows. Owned by modules/returns. */
export const storeCreditLedger = pgTable(
  'store_credit_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    customerId: uuid('customer_id').notNull(),
    currency: text('currency').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    reason: text('reason').notNull(),
    returnId: uuid('return_id').references(() => returns.id),
    orderId: uuid('order_id'),
    actor: text('actor').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('store_credit_ledger_customer_idx').on(t.customerId, t.currency, t.id),
    check('store_credit_ledger_amount_nonzero', sql`${t.amount} <> 0`),
  ],
);
