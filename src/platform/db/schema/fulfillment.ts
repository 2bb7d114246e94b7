import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgSequence, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { locations } from './catalog.js';
import { orderLines, orders } from './orders.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** FO-000123 numbers for fulfillment orders, PL-000045 for pick lists (waves). */
export const fulfillmentNumberSeq = pgSequence('fulfillment_number_seq', { startWith: 1, increment: 1 });
export const pickListNumberSeq = pgSequence('pick_list_number_seq', { startWith: 1, increment: 1 });

/** A batch (wave) of fulfillment orders at one location picked in one walk. */
export const pickLists = pgTable(
  'pick_lists',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    locationCode: text('location_code').notNull().references(() => locations.code),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('pick_lists_location_idx').on(t.locationCode, t.createdAt)],
);

/**
 * The part of an order one location prepares: status per the table in
 * src/domain/fulfillment/fulfillment-states.ts, one timestamp per state reached.
 */
export const fulfillmentOrders = pgTable(
  'fulfillment_orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    locationCode: text('location_code').notNull().references(() => locations.code),
    type: text('type').$type<'ship' | 'pickup'>().notNull(),
    status: text('status').notNull(),
    assignedTo: text('assigned_to'),
    pickListId: uuid('pick_list_id').references(() => pickLists.id),
    rejectionReason: text('rejection_reason'),
    cancellationReason: text('cancellation_reason'),
    createdAt: ts('created_at').notNull(),
    pickingAt: ts('picking_at'),
    pickedAt: ts('picked_at'),
    packingAt: ts('packing_at'),
    packedAt: ts('packed_at'),
    handedOffAt: ts('handed_off_at'),
    readyForPickupAt: ts('ready_for_pickup_at'),
    pickedUpAt: ts('picked_up_at'),
    rejectedAt: ts('rejected_at'),
    cancelledAt: ts('cancelled_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('fulfillment_orders_order_idx').on(t.orderId),
    index('fulfillment_orders_location_status_idx').on(t.locationCode, t.status, t.createdAt),
    index('fulfillment_orders_pick_list_idx').on(t.pickListId),
    check('fulfillment_orders_type', sql`${t.type} in ('ship', 'pickup')`),
    check(
      'fulfillment_orders_status',
      sql`${t.status} in ('open','picking','picked','packing','packed','handed_off','ready_for_pickup','picked_up','rejected','cancelled')`,
    ),
    check('fulfillment_orders_rejected_reason', sql`${t.status} <> 'rejected' or ${t.rejectionReason} is not null`),
  ],
);

/**
 * One order line's share at the fulfillment order's location. While the fulfillment order is active,
 * quantity − short units of the line are held by allocated reservations at that location.
 */
export const fulfillmentLines = pgTable(
  'fulfillment_lines',
  {
    id: uuid('id').primaryKey(),
    fulfillmentOrderId: uuid('fulfillment_order_id').notNull().references(() => fulfillmentOrders.id),
    orderLineId: uuid('order_line_id').notNull().references(() => orderLines.id),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    picked: integer('picked').notNull().default(0),
    short: integer('short').notNull().default(0),
    shortReason: text('short_reason'),
    /** The bin at the location when the line was released (the walk order of its pick list). */
    bin: text('bin'),
  },
  (t) => [
    index('fulfillment_lines_fo_idx').on(t.fulfillmentOrderId),
    index('fulfillment_lines_order_line_idx').on(t.orderLineId),
    unique('fulfillment_lines_fo_order_line_key').on(t.fulfillmentOrderId, t.orderLineId),
    check('fulfillment_lines_qty', sql`${t.quantity} > 0 and ${t.picked} >= 0 and ${t.short} >= 0 and ${t.picked} + ${t.short} <= ${t.quantity}`),
  ],
);

/** A customization (engraving, gift message…) to do and confirm before the fulfillment order is packed. */
export const fulfillmentWorkSteps = pgTable(
  'fulfillment_work_steps',
  {
    id: uuid('id').primaryKey(),
    fulfillmentOrderId: uuid('fulfillment_order_id').notNull().references(() => fulfillmentOrders.id),
    fulfillmentLineId: uuid('fulfillment_line_id').notNull().references(() => fulfillmentLines.id),
    kind: text('kind').notNull(),
    label: text('label').notNull(),
    values: jsonb('values').$type<Record<string, string>>().notNull(),
    confirmed: boolean('confirmed').notNull().default(false),
    completedBy: text('completed_by'),
    completedAt: ts('completed_at'),
    note: text('note'),
  },
  (t) => [
    index('fulfillment_work_steps_fo_idx').on(t.fulfillmentOrderId),
    unique('fulfillment_work_steps_line_kind_key').on(t.fulfillmentLineId, t.kind),
    check('fulfillment_work_steps_done', sql`(${t.completedAt} is null) = (${t.completedBy} is null) and (${t.confirmed} = (${t.completedAt} is not null))`),
  ],
);

/** Cartons the warehouse packs into: inner dimensions, how much they may hold, what they weigh. */
export const boxes = pgTable(
  'boxes',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    lengthMm: integer('length_mm').notNull(),
    widthMm: integer('width_mm').notNull(),
    heightMm: integer('height_mm').notNull(),
    maxWeightGrams: integer('max_weight_grams').notNull(),
    tareWeightGrams: integer('tare_weight_grams').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    check('boxes_dims_pos', sql`${t.lengthMm} > 0 and ${t.widthMm} > 0 and ${t.heightMm} > 0`),
    check('boxes_weights', sql`${t.maxWeightGrams} > 0 and ${t.tareWeightGrams} >= 0`),
  ],
);

/** What one package holds: units of fulfillment lines (null when the packer did not itemise it). */
export type PackageContents = Array<{ lineId: string; sku: string; quantity: number }>;

/**
 * The cartons a fulfillment order was packed into, numbered 1..n by `seq` (the first is the
 * backward-compatible `package`). A box of the catalog or measured dimensions only (box_code null).
 */
export const fulfillmentPackages = pgTable(
  'fulfillment_packages',
  {
    id: uuid('id').primaryKey(),
    fulfillmentOrderId: uuid('fulfillment_order_id').notNull().references(() => fulfillmentOrders.id),
    seq: integer('seq').notNull().default(1),
    boxCode: text('box_code').references(() => boxes.code),
    weightGrams: integer('weight_grams').notNull(),
    lengthMm: integer('length_mm').notNull(),
    widthMm: integer('width_mm').notNull(),
    heightMm: integer('height_mm').notNull(),
    contents: jsonb('contents').$type<PackageContents>(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    unique('fulfillment_packages_fo_seq_key').on(t.fulfillmentOrderId, t.seq),
    check('fulfillment_packages_pos', sql`${t.weightGrams} > 0 and ${t.lengthMm} > 0 and ${t.widthMm} > 0 and ${t.heightMm} > 0`),
    check('fulfillment_packages_seq', sql`${t.seq} > 0`),
  ],
);

/** The store-pickup verification code: only its scrypt hash is kept; expires_at triggers auto-cancel. */
export const pickupCodes = pgTable(
  'pickup_codes',
  {
    fulfillmentOrderId: uuid('fulfillment_order_id').primaryKey().references(() => fulfillmentOrders.id),
    codeHash: text('code_hash').notNull(),
    salt: text('salt').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('pickup_codes_expiry_idx').on(t.expiresAt).where(sql`used_at is null`), check('pickup_codes_attempts', sql`${t.failedAttempts} >= 0`)],
);
