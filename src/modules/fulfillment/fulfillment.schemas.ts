import { z } from 'zod';
import { fulfillmentStatuses } from '../../domain/fulfillment/fulfillment-states.js';
import { pageQuery } from '../../platform/http/schemas.js';

const code = z.string().trim().min(1).max(32);
export const idParams = z.object({ id: z.string().min(1).max(64).describe('Fulfillment order id (UUID) or number (FO-000123)') });

const dims = z.object({
  length: z.number().int().min(1).max(10_000),
  width: z.number().int().min(1).max(10_000),
  height: z.number().int().min(1).max(10_000),
});

const workStepSchema = z.object({
  id: z.string(),
  lineId: z.string(),
  kind: z.string().describe('The customization key, e.g. engraving, giftMessage'),
  label: z.string(),
  values: z.record(z.string(), z.string()),
  confirmed: z.boolean(),
  completedBy: z.string().nullable(),
  completedAt: z.string().nullable(),
  note: z.string().nullable(),
});

export const fulfillmentLineSchema = z.object({
  id: z.string(),
  orderLineId: z.string(),
  lineNo: z.number().int(),
  sku: z.string(),
  name: z.string(),
  gtin: z.string().nullable(),
  bin: z.string().nullable(),
  quantity: z.number().int(),
  picked: z.number().int(),
  short: z.number().int(),
  remaining: z.number().int().describe('Units still to pick: quantity − picked − short'),
  shortReason: z.string().nullable(),
  customization: z.record(z.string(), z.string()),
});

const packageSchema = z
  .object({
    seq: z.number().int().describe('1..n: "Package 1 of 2"'),
    boxCode: z.string().nullable().describe('null when packed by measured dimensions only'),
    weightGrams: z.number().int(),
    dimensionsMm: dims,
    contents: z.array(z.object({ lineId: z.string(), sku: z.string(), quantity: z.number().int() })).nullable().describe('null when the packer did not say which units went in'),
  })
  .meta({ id: 'FulfillmentPackage' });

const ts = z.string().nullable();
export const fulfillmentSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    orderId: z.string(),
    orderNumber: z.string(),
    orderStatus: z.string(),
    locationCode: z.string(),
    type: z.enum(['ship', 'pickup']),
    status: z.enum(fulfillmentStatuses),
    nextStatuses: z.array(z.enum(fulfillmentStatuses)),
    assignedTo: z.string().nullable(),
    pickListId: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    cancellationReason: z.string().nullable(),
    shipTo: z.object({
      name: z.string().nullable(), company: z.string().nullable(), line1: z.string(), line2: z.string().nullable(),
      city: z.string(), region: z.string().nullable(), postalCode: z.string(), country: z.string(),
    }),
    lines: z.array(fulfillmentLineSchema),
    workSteps: z.array(workStepSchema),
    package: z.object({ boxCode: z.string().nullable(), weightGrams: z.number().int(), dimensionsMm: dims }).nullable().describe('The first package (packages[0]), kept for single-package clients'),
    packages: z.array(packageSchema).describe('Every carton, in order; one label per package'),
    pickupExpiresAt: ts,
    createdAt: z.string(),
    pickingAt: ts, pickedAt: ts, packingAt: ts, packedAt: ts, handedOffAt: ts, readyForPickupAt: ts, pickedUpAt: ts, rejectedAt: ts, cancelledAt: ts,
    updatedAt: z.string(),
  })
  .meta({ id: 'FulfillmentOrder' });

export const fulfillmentSummarySchema = z
  .object({
    id: z.string(), number: z.string(), orderId: z.string(), orderNumber: z.string(), locationCode: z.string(),
    type: z.enum(['ship', 'pickup']), status: z.enum(fulfillmentStatuses), assignedTo: z.string().nullable(), pickListId: z.string().nullable(),
    units: z.number().int(), picked: z.number().int(), createdAt: z.string(), updatedAt: z.string(),
  })
  .meta({ id: 'FulfillmentOrderSummary' });

const statusList = z
  .union([z.enum(fulfillmentStatuses), z.array(z.enum(fulfillmentStatuses)), z.string()])
  .transform((v, ctx) => {
    const parts = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    const bad = parts.find((p) => !(fulfillmentStatuses as readonly string[]).includes(p));
    if (bad) ctx.addIssue({ code: 'custom', message: `unknown status ${bad}; one of ${fulfillmentStatuses.join(', ')}` });
    return parts as Array<(typeof fulfillmentStatuses)[number]>;
  });

export const listFulfillmentQuery = z.object({
  locationCode: code.optional(),
  status: statusList.optional().describe('One or more statuses, comma-separated'),
  type: z.enum(['ship', 'pickup']).optional(),
  orderId: z.uuid().optional(),
  q: z.string().max(40).optional().describe('A fulfillment or order number'),
  ...pageQuery,
});

export const releaseBody = z.object({ orderId: z.uuid('must be an order id (UUID)') }).meta({ id: 'FulfillmentRelease' });
export const releaseResponse = z.object({
  orderId: z.string(),
  released: z.array(z.object({ fulfillmentOrderId: z.string(), number: z.string(), locationCode: z.string(), added: z.boolean() })),
  skipped: z.string().nullable().describe('Why nothing could be released (order status, active hold)'),
});

export const scanBody = z
  .object({
    code: z.string().trim().min(1, 'is required').max(64).describe('What the scanner typed: GTIN-8/12/13/14 (UPC-A, EAN-13) or a SKU'),
    quantity: z.number().int().min(1).max(1000).optional().describe('Units of this item (default 1)'),
  })
  .meta({ id: 'FulfillmentScan' });
export const scanResponse = z.object({
  scanned: z.object({ code: z.string(), sku: z.string(), quantity: z.number().int() }),
  line: fulfillmentLineSchema,
  pickingComplete: z.boolean(),
  fulfillmentOrder: fulfillmentSchema,
});

export const shortBody = z
  .object({
    lineId: z.uuid('must be a fulfillment line id'),
    quantity: z.number().int().min(1, 'must be at least 1').max(100_000),
    reason: z.enum(['damaged', 'not_found', 'other']),
    note: z.string().max(500).optional(),
  })
  .meta({ id: 'FulfillmentShortPick' });

export const rejectBody = z.object({ reason: z.string().trim().min(1, 'is required').max(500) }).meta({ id: 'FulfillmentReject' });
export const workStepBody = z.object({ note: z.string().max(500).optional() }).default({});

const packageBody = z
  .object({
    boxCode: code.optional().describe('A box of the catalog; or give dimensions only'),
    dimensions: dims.optional().describe('Measured outer dimensions in mm; default: the box'),
    weightGrams: z.number().int().min(1).max(1_000_000).optional().describe('Measured; default: tare + the catalog weight of its contents'),
    contents: z
      .array(z.object({ lineId: z.uuid('must be a fulfillment line id'), quantity: z.number().int().min(1, 'must be at least 1').max(100_000) }))
      .min(1)
      .max(200)
      .optional()
      .describe('Which picked units go in; give it for every package or for none'),
  })
  .refine((p) => p.boxCode !== undefined || p.dimensions !== undefined, { message: 'give a boxCode or dimensions', path: ['boxCode'] });

export const packBody = z
  .object({
    boxCode: code.optional().describe('Default: the smallest box of the catalog that fits'),
    weightGrams: z.number().int().min(1).max(1_000_000).optional().describe('Measured; default: contents + tare'),
    dimensions: dims.optional().describe('Measured outer dimensions in mm; default: the box'),
    packages: z.array(packageBody).min(1).max(50).optional().describe('Several cartons (instead of boxCode/weightGrams/dimensions)'),
  })
  .refine((b) => !b.packages || (b.boxCode === undefined && b.weightGrams === undefined && b.dimensions === undefined), {
    message: 'give packages or boxCode/weightGrams/dimensions, not both',
    path: ['packages'],
  })
  .default({})
  .meta({ id: 'FulfillmentPack' });
export const suggestionSchema = z.object({
  boxCode: z.string().nullable(),
  grossWeightGrams: z.number().int().nullable(),
  contentWeightGrams: z.number().int(),
  reason: z.string().nullable().describe('Why no box fits'),
});

export const readyResponse = z.object({
  code: z.string().describe('The 6-digit verification code; shown once, only its hash is stored'),
  expiresAt: z.string(),
  fulfillmentOrder: fulfillmentSchema,
});
export const pickedUpBody = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'must be the 6-digit code') }).meta({ id: 'FulfillmentPickedUp' });

export const pickListBody = z
  .object({
    locationCode: code,
    fulfillmentOrderIds: z.array(z.uuid()).min(1).max(200).optional(),
    limit: z.number().int().min(1).max(200).optional().describe('Without fulfillmentOrderIds: the oldest open ones (default 20)'),
  })
  .meta({ id: 'PickListCreate' });
export const pickListSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    locationCode: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    status: z.enum(['picking', 'completed']),
    fulfillmentOrders: z.array(z.object({ id: z.string(), number: z.string(), status: z.string(), orderId: z.string(), orderNumber: z.string() })),
    lines: z.array(
      z.object({
        sku: z.string(), name: z.string(), gtin: z.string().nullable(), bin: z.string().nullable(), quantity: z.number().int(), picked: z.number().int(),
        orders: z.array(z.object({ fulfillmentOrderId: z.string(), fulfillmentNumber: z.string(), orderNumber: z.string(), quantity: z.number().int(), picked: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'PickList' });

const boxFields = {
  name: z.string().trim().min(1, 'is required').max(100),
  dimensionsMm: dims.describe('Inner dimensions'),
  maxWeightGrams: z.number().int().min(1).max(1_000_000).describe('Most the contents may weigh'),
  tareWeightGrams: z.number().int().min(0).max(100_000).default(0),
  active: z.boolean().default(true),
};
export const boxBody = z.object({ code: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, 'must be 1–32 capitals, digits, - or _'), ...boxFields }).meta({ id: 'BoxCreate' });
export const boxPutBody = z.object(boxFields).meta({ id: 'BoxUpdate' });
export const boxSchema = z
  .object({ code: z.string(), name: z.string(), dimensionsMm: dims, volumeLitres: z.number(), maxWeightGrams: z.number().int(), tareWeightGrams: z.number().int(), active: z.boolean(), updatedAt: z.string() })
  .meta({ id: 'Box' });
