import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { locations, products } from './catalog.js';

/**
 * One row per (sku, location). The CHECK constraints are the last line of defence for the
 * no-oversell invariant: 0 <= reserved <= on_hand.
 */
export const inventoryLevels = pgTable(
  'inventory_levels',
  {
    sku: text('sku').notNull().references(() => products.sku),
    locationCode: text('location_code').notNull().references(() => locations.code),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    safetyStock: integer('safety_stock').notNull().default(0),
    reorderPoint: integer('reorder_point').notNull().default(0),
    bin: text('bin'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sku, t.locationCode] }),
    index('inventory_levels_location_idx').on(t.locationCode),
    // SKU prefix search (`sku like 'ABC%'`) whatever the database collation.
    index('inventory_levels_sku_prefix_idx').on(t.sku.op('text_pattern_ops')),
    check('inventory_reserved_range', sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
    check('inventory_safety_nonneg', sql`${t.safetyStock} >= 0 and ${t.reorderPoint} >= 0`),
  ],
);

export const movementReasons = ['receipt', 'adjustment', 'count', 'transfer', 'shipment', 'return', 'write-off'] as const;
export type MovementReason = (typeof movementReasons)[number];

/** Append-only ledger (a trigger forbids UPDATE and DELETE): sum(delta) = on_hand per (sku, location). */
export const inventoryMovements = pgTable(
  'inventory_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sku: text('sku').notNull(),
    locationCode: text('location_code').notNull(),
    delta: integer('delta').notNull(),
    reason: text('reason').$type<MovementReason>().notNull(),
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    note: text('note'),
    actor: text('actor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('inventory_movements_sku_loc_idx').on(t.sku, t.locationCode, t.id),
    index('inventory_movements_created_idx').on(t.createdAt),
    check('inventory_movements_delta_nonzero', sql`${t.delta} <> 0`),
  ],
);

export const reservationStates = ['soft', 'allocated', 'consumed', 'released'] as const;
export type ReservationState = (typeof reservationStates)[number];

/**
 * A claim on stock at one location. soft (cart hold with expiry) -> allocated (order line) ->
 * consumed (shipped) | released (cancel, expiry, re-sourcing). inventory_levels.reserved is the sum
 * of quantities of soft + allocated reservations.
 */
export const reservations = pgTable(
  'reservations',
  {
    id: uuid('id').primaryKey(),
    sku: text('sku').notNull(),
    locationCode: text('location_code').notNull(),
    quantity: integer('quantity').notNull(),
    state: text('state').$type<ReservationState>().notNull(),
    orderId: uuid('order_id'),
    orderLineId: uuid('order_line_id'),
    reference: text('reference'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    // by order only: a line's reservations are found through its order (inventory reservationsOfLine)
    index('reservations_order_idx').on(t.orderId),
    // remaining daily capacity: orders sourced today at a location (sourcing snapshot)
    index('reservations_location_created_idx').on(t.locationCode, t.createdAt),
    index('reservations_expiry_idx').on(t.expiresAt).where(sql`state = 'soft'`),
    check('reservations_qty_pos', sql`${t.quantity} > 0`),
  ],
);
