import { z } from 'zod';
import { movementReasons } from '../../platform/db/schema/index.js';
import { pageQuery, isoDateTime } from '../../platform/http/schemas.js';
import { locationCode } from '../locations/locations.schemas.js';

export const sku = z.string().trim().min(1, 'is required').max(64);
export { locationCode };
const note = z.string().trim().max(1000).optional();
const quantity = z.number().int('must be an integer').min(1, 'must be at least 1').max(1_000_000_000);

/** Reasons a person may give for an adjustment; transfer, count and shipment movements have their own use cases. */
export const adjustmentReasons = ['receipt', 'adjustment', 'write-off', 'return'] as const;
const mustIncrease = new Set(['receipt', 'return']);

export const adjustmentBody = z
  .object({
    sku,
    locationCode,
    delta: z.number().int('must be an integer').min(-1_000_000_000).max(1_000_000_000).refine((d) => d !== 0, 'must not be 0'),
    reason: z.enum(adjustmentReasons),
    note,
  })
  .superRefine((b, ctx) => {
    if (mustIncrease.has(b.reason) && b.delta < 0) ctx.addIssue({ code: 'custom', path: ['delta'], message: `must be positive for a ${b.reason}` });
    if (b.reason === 'write-off' && b.delta > 0) ctx.addIssue({ code: 'custom', path: ['delta'], message: 'must be negative for a write-off' });
  })
  .meta({ id: 'InventoryAdjustment' });

export const transferBody = z
  .object({ sku, fromLocationCode: locationCode, toLocationCode: locationCode, quantity, note })
  .refine((b) => b.fromLocationCode !== b.toLocationCode, { path: ['toLocationCode'], message: 'must differ from fromLocationCode' })
  .meta({ id: 'InventoryTransfer' });

export const countBody = z
  .object({
    locationCode,
    counts: z
      .array(z.object({ sku, countedQuantity: z.number().int('must be an integer').min(0, 'must be 0 or more').max(1_000_000_000) }))
      .min(1, 'must count at least one sku')
      .max(1000),
    note,
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.counts.forEach((c, i) => {
      if (seen.has(c.sku)) ctx.addIssue({ code: 'custom', path: ['counts', i, 'sku'], message: 'is counted twice' });
      seen.add(c.sku);
    });
  })
  .meta({ id: 'InventoryCount' });

export const levelPatchBody = z
  .object({
    safetyStock: z.number().int().min(0).max(1_000_000_000).optional(),
    reorderPoint: z.number().int().min(0).max(1_000_000_000).optional(),
    bin: z.string().trim().max(40).nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must set safetyStock, reorderPoint or bin')
  .meta({ id: 'InventoryLevelPatch' });

export const levelParams = z.object({ sku, locationCode });

export const levelSchema = z
  .object({
    sku: z.string(),
    locationCode: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    safetyStock: z.number().int(),
    available: z.number().int().describe('max(0, onHand − reserved − safetyStock)'),
    reorderPoint: z.number().int(),
    bin: z.string().nullable(),
    updatedAt: z.string(),
    productName: z.string().optional().describe('The product’s name (in lists)'),
  })
  .meta({ id: 'InventoryLevel' });

export const movementSchema = z
  .object({
    id: z.number().int(),
    sku: z.string(),
    locationCode: z.string(),
    delta: z.number().int(),
    reason: z.enum(movementReasons),
    referenceType: z.string().nullable(),
    referenceId: z.string().nullable(),
    note: z.string().nullable(),
    actor: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'InventoryMovement' });

/** `a,b` or repeated parameters, trimmed, empties dropped. */
const skuList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))]);

const search = z.string().trim().min(1).max(100).optional().describe('Search: a SKU prefix or part of the product name (case-insensitive)');

export const levelsQuery = z.object({
  q: search,
  sku: skuList.optional().describe('One or more skus, comma-separated or repeated'),
  locationCode: locationCode.optional(),
  belowReorderPoint: z.stringbool().optional().describe('Only levels with a reorder point whose onHand − reserved has fallen to it'),
  ...pageQuery,
});

export const availabilityQuery = z.object({
  skus: skuList
    .refine((s) => s.length >= 1, 'must name at least one sku')
    .refine((s) => s.length <= 500, 'must name at most 500 skus')
    .describe('Comma-separated skus (up to 500)'),
});

export const availabilitySchema = z
  .object({
    sku: z.string(),
    totalAvailable: z.number().int(),
    totalOnHand: z.number().int(),
    totalReserved: z.number().int(),
    locations: z.array(
      z.object({ locationCode: z.string(), onHand: z.number().int(), reserved: z.number().int(), safetyStock: z.number().int(), available: z.number().int() }),
    ),
  })
  .meta({ id: 'SkuAvailability' });

export const movementsQuery = z.object({
  q: search,
  sku: sku.optional(),
  locationCode: locationCode.optional(),
  reason: z.enum(movementReasons).optional(),
  from: isoDateTime().optional().describe('Inclusive lower bound of createdAt'),
  to: isoDateTime().optional().describe('Exclusive upper bound of createdAt'),
  ...pageQuery,
});

export const softReservationBody = z
  .object({
    sku,
    locationCode,
    quantity,
    expiresInSeconds: z.number().int().min(60).max(86_400),
    reference: z.string().trim().max(200).optional(),
  })
  .meta({ id: 'SoftReservationRequest' });

export const reservationSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    locationCode: z.string(),
    quantity: z.number().int(),
    state: z.enum(['soft', 'allocated', 'consumed', 'released']),
    reference: z.string().nullable(),
    orderId: z.string().nullable(),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Reservation' });

export type AdjustmentInput = z.output<typeof adjustmentBody>;
export type TransferInput = z.output<typeof transferBody>;
export type CountInput = z.output<typeof countBody>;
export type LevelPatchInput = z.output<typeof levelPatchBody>;
export type SoftReservationInput = z.output<typeof softReservationBody>;
/** Creates take an optional Idempotency-Key alongside the body. */
export type Keyed<T> = T & { idempotencyKey?: string | undefined };
