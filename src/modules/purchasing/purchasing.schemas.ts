import { z } from 'zod';
import { currencyCode, pageQuery } from '../../platform/http/schemas.js';
import { purchaseOrderStatuses } from '../../domain/purchasing/po-states.js';

const code = z.string().trim().min(1, 'is required').max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore');
const sku = z.string().min(1).max(64);
const amount = z.number().int('must be an integer number of minor units').min(0).max(Number.MAX_SAFE_INTEGER);

export const createSupplierBody = z
  .object({ code, name: z.string().trim().min(1, 'is required').max(200), email: z.email().max(200).optional(), currency: currencyCode })
  .meta({ id: 'CreateSupplier' });
export type CreateSupplierInput = z.infer<typeof createSupplierBody>;

export const updateSupplierBody = z
  .object({ name: z.string().trim().min(1).max(200).optional(), email: z.email().max(200).nullable().optional() })
  .meta({ id: 'UpdateSupplier' });

export const supplierProductBody = z
  .object({
    supplierSku: z.string().max(64).optional(),
    leadTimeDays: z.number().int().min(0).max(365),
    moq: z.number().int().min(1).max(1_000_000).default(1).describe('Minimum order quantity'),
    packSize: z.number().int().min(1).max(100_000).default(1).describe('Orders are rounded up to whole packs'),
    cost: amount.describe('Unit cost in minor units of the supplier’s currency'),
  });

export const supplierProductSchema = z.object({ sku: z.string(), supplierSku: z.string().nullable(), leadTimeDays: z.number().int(), moq: z.number().int(), packSize: z.number().int(), cost: z.object({ amount: z.number().int(), currency: z.string() }) }).meta({ id: 'SupplierProduct' });

export const supplierSchema = z
  .object({ id: z.string(), code: z.string(), name: z.string(), email: z.string().nullable(), currency: z.string(), products: z.array(supplierProductSchema), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Supplier' });
export type SupplierJson = z.infer<typeof supplierSchema>;

const lineInput = z.object({ sku, quantity: z.number().int().min(1).max(1_000_000), unitCost: amount.optional().describe('Default: the supplier’s cost for the SKU') });
export const createPurchaseOrderBody = z
  .object({
    supplierId: z.uuid('must be a supplier id (UUID)'),
    locationCode: z.string().min(1).max(64),
    expectedOn: z.iso.date('must be a date YYYY-MM-DD').optional().describe('Default: today + the longest lead time of the lines'),
    note: z.string().max(1000).optional(),
    lines: z.array(lineInput).min(1).max(500),
  })
  .meta({ id: 'CreatePurchaseOrder' });
export type CreatePurchaseOrderInput = z.infer<typeof createPurchaseOrderBody>;

export const receiveBody = z
  .object({
    lines: z
      .array(z.object({ code: z.string().trim().min(1, 'is required').max(64).describe('Scanned GTIN or the SKU'), quantity: z.number().int().min(1).max(1_000_000) }))
      .min(1)
      .max(500),
    note: z.string().max(1000).optional(),
  })
  .meta({ id: 'ReceivePurchaseOrder' });
export type ReceiveInput = z.infer<typeof receiveBody>;

export const purchaseOrderLineSchema = z.object({ id: z.string(), sku: z.string(), quantityOrdered: z.number().int(), quantityReceived: z.number().int(), outstanding: z.number().int(), unitCost: z.object({ amount: z.number().int(), currency: z.string() }) });
export const purchaseOrderSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    supplierId: z.string(),
    supplierName: z.string(),
    locationCode: z.string(),
    status: z.enum(purchaseOrderStatuses),
    origin: z.enum(['manual', 'reorder']),
    currency: z.string(),
    expectedOn: z.string().nullable(),
    note: z.string().nullable(),
    total: z.object({ amount: z.number().int(), currency: z.string() }),
    lines: z.array(purchaseOrderLineSchema),
    sentAt: z.string().nullable(),
    receivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PurchaseOrder' });
export type PurchaseOrderJson = z.infer<typeof purchaseOrderSchema>;

export const purchaseOrdersQuery = z.object({
  status: z.enum(purchaseOrderStatuses).optional(),
  supplierId: z.uuid('must be a supplier id (UUID)').optional(),
  locationCode: z.string().max(64).optional(),
  ...pageQuery,
});

export const reorderRunBody = z
  .strictObject({
    serviceLevel: z.number().gt(0.5).lt(1).default(0.95),
    historyWeeks: z.number().int().min(4).max(260).default(26),
    coverWeeks: z.number().min(0).max(52).default(2),
  });
export type ReorderSettings = z.infer<typeof reorderRunBody>;

export const reorderResultSchema = z
  .object({
    checked: z.number().int().describe('SKU × location pairs with a supplier'),
    suggestions: z.array(
      z.object({
        sku: z.string(),
        locationCode: z.string(),
        supplierId: z.string(),
        model: z.string(),
        leadTimeDays: z.number().int(),
        leadTimeDemand: z.number(),
        safetyStock: z.number(),
        reorderPoint: z.number().int(),
        available: z.number().int(),
        incoming: z.number().int(),
        backordered: z.number().int(),
        position: z.number().int(),
        quantity: z.number().int(),
        purchaseOrderId: z.string().nullable(),
      }),
    ),
    drafts: z.array(z.string()).describe('Ids of the draft purchase orders created or topped up'),
  })
  .meta({ id: 'ReorderResult' });
export type ReorderResultJson = z.infer<typeof reorderResultSchema>;
