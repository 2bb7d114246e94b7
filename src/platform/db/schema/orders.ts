import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { Address } from './catalog.js';
import { customers, locations } from './catalog.js';

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    channel: text('channel').notNull(),
    externalId: text('external_id'),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    email: text('email').notNull(),
    customerName: text('customer_name').notNull(),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    shippingAddress: jsonb('shipping_address').$type<Address>().notNull(),
    billingAddress: jsonb('billing_address').$type<Address>(),
    inventoryPolicy: text('inventory_policy').notNull(),
    /** 'ship' to the shipping address, or 'pickup' at pickupLocationCode (store pickup, BOPIS). */
    deliveryMethod: text('delivery_method').$type<'ship' | 'pickup'>().notNull().default('ship'),
    pickupLocationCode: text('pickup_location_code').references(() => locations.code),
    subtotalAmount: bigint('subtotal_amount', { mode: 'bigint' }).notNull(),
    shippingAmount: bigint('shipping_amount', { mode: 'bigint' }).notNull(),
    discountAmount: bigint('discount_amount', { mode: 'bigint' }).notNull(),
    taxAmount: bigint('tax_amount', { mode: 'bigint' }).notNull(),
    totalAmount: bigint('total_amount', { mode: 'bigint' }).notNull(),
    note: text('note'),
    /** BCP-47 language tag of the customer's messages for this order (`de-AT`), as the channel sent it; null = not given. */
    locale: text('locale'),
    placedAt: timestamp('placed_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    unique('orders_channel_external_id_key').on(t.channel, t.externalId),
    index('orders_placed_idx').on(t.placedAt, t.id),
    index('orders_status_idx').on(t.status, t.placedAt),
    index('orders_customer_idx').on(t.customerId, t.placedAt),
    index('orders_email_idx').on(t.email),
    check('orders_total_nonneg', sql`${t.totalAmount} >= 0`),
    check(
      'orders_delivery',
      sql`(${t.deliveryMethod} = 'ship' and ${t.pickupLocationCode} is null) or (${t.deliveryMethod} = 'pickup' and ${t.pickupLocationCode} is not null)`,
    ),
  ],
);

/**
 * Quantity buckets: ordered = cancelled + pending + backordered + allocated + shipped;
 * delivered <= shipped; returned <= shipped. Enforced by CHECK so no code path can break it.
 */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    unitPriceAmount: bigint('unit_price_amount', { mode: 'bigint' }).notNull(),
    lineTotalAmount: bigint('line_total_amount', { mode: 'bigint' }).notNull(),
    customization: jsonb('customization').$type<Record<string, string>>().notNull().default({}),
    locationCode: text('location_code'),
    quantityOrdered: integer('quantity_ordered').notNull(),
    quantityCancelled: integer('quantity_cancelled').notNull().default(0),
    quantityPending: integer('quantity_pending').notNull().default(0),
    quantityBackordered: integer('quantity_backordered').notNull().default(0),
    quantityAllocated: integer('quantity_allocated').notNull().default(0),
    quantityShipped: integer('quantity_shipped').notNull().default(0),
    quantityDelivered: integer('quantity_delivered').notNull().default(0),
    quantityReturned: integer('quantity_returned').notNull().default(0),
  },
  (t) => [
    unique('order_lines_order_line_no_key').on(t.orderId, t.lineNo),
    // Stock arriving looks up the backordered lines of its SKU (modules/sourcing/backorder-allocation.ts).
    index('order_lines_backordered_sku_idx').on(t.sku).where(sql`quantity_backordered > 0`),
    check(
      'order_lines_buckets',
      sql`${t.quantityOrdered} > 0 and ${t.quantityCancelled} >= 0 and ${t.quantityPending} >= 0 and ${t.quantityBackordered} >= 0
        and ${t.quantityAllocated} >= 0 and ${t.quantityShipped} >= 0
        and ${t.quantityOrdered} = ${t.quantityCancelled} + ${t.quantityPending} + ${t.quantityBackordered} + ${t.quantityAllocated} + ${t.quantityShipped}
        and ${t.quantityDelivered} between 0 and ${t.quantityShipped}
        and ${t.quantityReturned} between 0 and ${t.quantityShipped}`,
    ),
  ],
);

export const orderStatusHistory = pgTable(
  'order_status_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('order_status_history_order_idx').on(t.orderId, t.id)],
);

/** `data`: facts the order cannot proceed without are missing or unknown (a channel order's unmapped SKU). */
export const holdTypes = ['fraud', 'payment', 'address', 'stock', 'manual', 'data'] as const;
export type HoldType = (typeof holdTypes)[number];

export const orderHolds = pgTable(
  'order_holds',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    type: text('type').$type<HoldType>().notNull(),
    reason: text('reason').notNull(),
    owner: text('owner').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true, mode: 'date' }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true, mode: 'date' }),
    releasedBy: text('released_by'),
    releaseReason: text('release_reason'),
  },
  (t) => [index('order_holds_active_idx').on(t.orderId).where(sql`released_at is null`)],
);

/**
 * The exact unit price of an order line whose price is finer than the currency's minor unit (imported
 * history: 0.001 GBP occurs), as a decimal of the major unit. The line's unit_price_amount and
 * line_total_amount hold it rounded half-even; reports use this exact value. Owned by the orders module.
 */
export const orderLineExactPrices = pgTable('order_line_exact_prices', {
  orderLineId: uuid('order_line_id').primaryKey().references(() => orderLines.id),
  unitPrice: numeric('unit_price', { precision: 18, scale: 6 }).notNull(),
});

/**
 * The versions of an order after placement (version 1 = as placed, not stored): one row per edit
 * before picking (flows/edit-order.ts), with the operations asked for and the diff they made.
 * Append-only; the order's current version is the highest stored one (or 1). Owned by the orders module.
 */
export const orderVersions = pgTable(
  'order_versions',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    version: integer('version').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    operations: jsonb('operations').$type<unknown[]>().notNull(),
    diff: jsonb('diff').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [unique('order_versions_order_version_key').on(t.orderId, t.version), check('order_versions_version', sql`${t.version} >= 2`)],
);

/**
 * Orders being entered in the console (phone / service orders) and not placed yet: the entry form's
 * state as JSON, who started it and when it was last saved. Deleted when the order is placed.
 */
export const orderDrafts = pgTable(
  'order_drafts',
  {
    id: uuid('id').primaryKey(),
    /** A short description for lists: customer name or email, or "New order". */
    title: text('title').notNull(),
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
    /** The actor that created it, as `user:<id>` / `api_key:<id>`. */
    author: text('author').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('order_drafts_updated_idx').on(t.updatedAt, t.id)],
);
