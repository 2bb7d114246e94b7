import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orders } from './orders.js';

export const sourcingTriggers = ['placement', 'resource', 'manual', 'stock_received', 'rejection', 'short_pick', 'edit'] as const;
export type SourcingTrigger = (typeof sourcingTriggers)[number];

/**
 * The sourcing configuration: one row (id = 1); absent = the defaults below. Money in minor units of
 * the sourcing currency (ORDO_SOURCING_CURRENCY).
 */
export const sourcingSettings = pgTable(
  'sourcing_settings',
  {
    id: integer('id').primaryKey().default(1),
    splitPenaltyAmount: bigint('split_penalty_amount', { mode: 'bigint' }).notNull().default(sql`300`),
    neverSplitBelowAmount: bigint('never_split_below_amount', { mode: 'bigint' }),
    maxLocationsPerOrder: integer('max_locations_per_order'),
    exactCandidateLimit: integer('exact_candidate_limit').notNull().default(30),
    exactStepBudget: integer('exact_step_budget').notNull().default(200_000),
    shippingBaseAmount: bigint('shipping_base_amount', { mode: 'bigint' }).notNull().default(sql`450`),
    shippingPerKmAmount: bigint('shipping_per_km_amount', { mode: 'bigint' }).notNull().default(sql`1`),
    shippingPerKgAmount: bigint('shipping_per_kg_amount', { mode: 'bigint' }).notNull().default(sql`50`),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    check('sourcing_settings_singleton', sql`${t.id} = 1`),
    check(
      'sourcing_settings_nonneg',
      sql`${t.splitPenaltyAmount} >= 0 and coalesce(${t.neverSplitBelowAmount}, 0) >= 0 and coalesce(${t.maxLocationsPerOrder}, 1) >= 1
        and ${t.exactCandidateLimit} between 0 and 40 and ${t.exactStepBudget} between 1000 and 100000000
        and ${t.shippingBaseAmount} >= 0 and ${t.shippingPerKmAmount} >= 0 and ${t.shippingPerKgAmount} >= 0`,
    ),
  ],
);

export interface StoredPlanLocation {
  locationCode: string;
  chosen: boolean;
  reason: string;
  distanceKm?: number;
  cost?: { handling: string; shipping: string; total: string };
}

/** Every sourcing decision with its explanation, as it was when taken (append-only). */
export const sourcingPlans = pgTable(
  'sourcing_plans',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    trigger: text('trigger').$type<SourcingTrigger>().notNull(),
    strategy: text('strategy').$type<'exact' | 'heuristic'>().notNull(),
    currency: text('currency').notNull(),
    totalCostAmount: bigint('total_cost_amount', { mode: 'bigint' }).notNull(),
    lowerBoundAmount: bigint('lower_bound_amount', { mode: 'bigint' }).notNull(),
    gapAmount: bigint('gap_amount', { mode: 'bigint' }).notNull(),
    /** { shipments: [{ locationCode, weightGrams, distanceKm, handling, shipping, total }], splitPenalty } */
    costBreakdown: jsonb('cost_breakdown').$type<Record<string, unknown>>().notNull(),
    explanation: jsonb('explanation').$type<StoredPlanLocation[]>().notNull(),
    allocations: jsonb('allocations').$type<Array<{ orderLineId: string; sku: string; locationCode: string; quantity: number }>>().notNull(),
    backordered: jsonb('backordered').$type<Array<{ orderLineId: string; sku: string; quantity: number }>>().notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('sourcing_plans_order_idx').on(t.orderId, t.createdAt),
    check('sourcing_plans_trigger', sql`${t.trigger} in ('placement', 'resource', 'manual', 'stock_received', 'rejection', 'short_pick', 'edit')`),
    check('sourcing_plans_strategy', sql`${t.strategy} in ('exact', 'heuristic')`),
    check('sourcing_plans_costs', sql`${t.totalCostAmount} >= 0 and ${t.lowerBoundAmount} >= 0 and ${t.gapAmount} >= 0`),
  ],
);

/** A location that must not supply an order line again (it rejected or short-picked it). */
export const sourcingExclusions = pgTable(
  'sourcing_exclusions',
  {
    orderLineId: uuid('order_line_id').notNull(),
    locationCode: text('location_code').notNull(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    source: text('source').$type<'rejection' | 'short_pick' | 'manual'>().notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderLineId, t.locationCode] }),
    index('sourcing_exclusions_order_idx').on(t.orderId),
    check('sourcing_exclusions_source', sql`${t.source} in ('rejection', 'short_pick', 'manual')`),
  ],
);
