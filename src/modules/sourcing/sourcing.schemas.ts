import { z } from 'zod';
import { moneySchema, isoDateTime } from '../../platform/http/schemas.js';
import { orderStatuses } from '../../domain/orders/order-states.js';
import { sourcingTriggers } from '../../platform/db/schema/index.js';

const settingsFields = {
    splitPenalty: moneySchema.describe('Added per shipment beyond the first'),
    neverSplitBelow: moneySchema.nullable().describe('Orders worth less ship whole or not at all; null = no rule'),
    maxLocationsPerOrder: z.number().int().min(1).max(50).nullable().describe('Most shipments per order; null = no limit'),
    exactCandidateLimit: z.number().int().min(0).max(40).describe('Exact search up to this many eligible locations, heuristic beyond'),
    exactStepBudget: z.number().int().min(1000).max(100_000_000).describe('Search nodes the exact solver may visit before falling back to the heuristic'),
    shippingBase: moneySchema.describe('Global tariff: per shipment'),
    shippingPerKm: moneySchema.describe('Global tariff: per started km of distance'),
    shippingPerKg: moneySchema.describe('Global tariff: per started kg of shipment weight'),
};

export const sourcingSettingsBody = z.object(settingsFields).meta({ id: 'SourcingSettingsUpdate' });
export const sourcingSettingsSchema = z.object({ currency: z.string(), ...settingsFields }).meta({ id: 'SourcingSettings' });

const planLocation = z.object({
  locationCode: z.string(),
  chosen: z.boolean(),
  reason: z.string(),
  distanceKm: z.number().int().nullable(),
  cost: z.object({ handling: moneySchema, shipping: moneySchema, total: moneySchema }).nullable(),
});

export const sourcingPlanSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    trigger: z.enum(sourcingTriggers),
    strategy: z.enum(['exact', 'heuristic']),
    totalCost: moneySchema,
    lowerBound: moneySchema,
    gap: moneySchema.describe('totalCost − lowerBound; 0 when the plan is proven optimal'),
    splitPenalty: moneySchema,
    maxShipments: z.number().int(),
    shipments: z.array(z.object({ locationCode: z.string(), weightGrams: z.number(), distanceKm: z.number().int(), handling: moneySchema, shipping: moneySchema, total: moneySchema })),
    explanation: z.array(planLocation).describe('Every location considered: chosen or rejected, with the reason and, when chosen, its cost'),
    allocations: z.array(z.object({ orderLineId: z.string(), sku: z.string(), locationCode: z.string(), quantity: z.number().int() })),
    backordered: z.array(z.object({ orderLineId: z.string(), sku: z.string(), quantity: z.number().int() })),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'SourcingPlan' });

export const sourceOrderBody = z
  .object({
    reallocate: z.boolean().default(false).describe('Release every allocated unit and plan the whole order again (only while the order is confirmed)'),
  })
  .meta({ id: 'SourceOrder' });

export const sourceOrderResult = z.object({
  outcome: z.enum(['sourced', 'skipped']),
  why: z.string().nullable(),
  plan: sourcingPlanSchema.nullable(),
});

const tariffOverride = z.object({ base: moneySchema, perKm: moneySchema, perKg: moneySchema });

export const whatIfBody = z
  .object({
    orderIds: z.array(z.uuid()).min(1).max(500).optional(),
    filter: z
      .object({
        status: z.enum(orderStatuses).optional(),
        placedFrom: isoDateTime().optional(),
        placedTo: isoDateTime().optional(),
      })
      .optional(),
    limit: z.number().int().min(1).max(500).default(100),
    settings: z.object(settingsFields).partial().optional().describe('Settings to use instead of the current ones'),
    locations: z
      .array(
        z.object({
          code: z.string().min(1).max(40),
          exclude: z.boolean().optional(),
          handlingCostPerOrder: moneySchema.optional(),
          handlingCostPerUnit: moneySchema.optional(),
          shipping: tariffOverride.nullable().optional(),
          dailyOrderCapacity: z.number().int().min(0).nullable().optional(),
        }),
      )
      .max(200)
      .optional()
      .describe('Per-location changes: exclude it, change its costs or capacity'),
  })
  .meta({ id: 'WhatIfRequest' });

const scenario = z.object({
  cost: moneySchema,
  shipments: z.number().int(),
  distanceKm: z.number().int(),
  unitsAllocated: z.number().int(),
});

export const whatIfResult = z
  .object({
    currency: z.string(),
    orders: z.array(
      z.object({
        orderId: z.string(),
        number: z.string(),
        current: scenario.extend({ locations: z.array(z.string()) }),
        whatIf: scenario.extend({ locations: z.array(z.string()), strategy: z.enum(['exact', 'heuristic']), unitsBackordered: z.number().int() }),
        saving: z.object({ amount: z.number().int(), currency: z.string() }).describe('current − what-if cost (negative: the what-if costs more)'),
      }),
    ),
    totals: z.object({
      orders: z.number().int(),
      current: scenario.extend({ splitOrders: z.number().int() }),
      whatIf: scenario.extend({ splitOrders: z.number().int(), unitsBackordered: z.number().int() }),
      saving: z.object({ amount: z.number().int(), currency: z.string() }),
    }),
  })
  .meta({ id: 'WhatIfResult' });

export type SourcingSettingsInput = z.output<typeof sourcingSettingsBody>;
export type WhatIfInput = z.output<typeof whatIfBody>;
export type WhatIfResultJson = z.infer<typeof whatIfResult>;
