import { z } from 'zod';
import { addressSchema, moneySchema } from '../../platform/http/schemas.js';
import { orderSchema } from './orders.schemas.js';

/** The HTTP contract of order edits before picking (POST /orders/{id}/edits, GET /orders/{id}/versions). */

const lineId = z.uuid('must be a line id (UUID) of this order');
const sku = z.string().min(1).max(64);
const quantity = z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000);
const customization = z.record(z.string().max(64), z.string().max(1000));

export const editOperationSchema = z
  .discriminatedUnion('op', [
    z.object({ op: z.literal('set_shipping_address'), address: addressSchema.describe('The new shipping address: re-validated, the order re-sourced and re-promised') }),
    z.object({ op: z.literal('set_quantity'), lineId, quantity: quantity.describe('The line’s new live quantity (ordered − cancelled)') }),
    z.object({ op: z.literal('add_line'), sku, quantity, unitPrice: moneySchema.optional().describe('Defaults to the catalog price'), customization: customization.optional() }),
    z.object({ op: z.literal('remove_line'), lineId }),
    z.object({
      op: z.literal('swap_variant'),
      lineId,
      sku: sku.describe('The SKU replacing the line’s (e.g. another size); same quantity, priced from the catalog'),
      unitPrice: moneySchema.optional(),
      customization: customization.optional(),
    }),
  ])
  .meta({ id: 'OrderEditOperation' });

export type EditOperation = z.output<typeof editOperationSchema>;

export const editOrderBody = z
  .object({
    expectedVersion: z.number().int().min(1).describe('The order version the edit is based on (GET /orders/{id}/versions currentVersion); another version → 409 version_conflict'),
    reason: z.string().trim().min(1).max(500).optional(),
    operations: z.array(editOperationSchema).min(1, 'must have at least one operation').max(50),
  })
  .meta({ id: 'EditOrder' });

export type EditOrderInput = z.output<typeof editOrderBody>;

const lineChange = z.object({
  change: z.enum(['added', 'removed', 'quantity', 'swapped']),
  lineId: z.string(),
  lineNo: z.number().int(),
  sku: z.string(),
  from: z.number().int().describe('Live quantity before'),
  to: z.number().int().describe('Live quantity after (swapped: the quantity moved to the new line)'),
  unitPrice: moneySchema.optional().describe('added: the price of the new line'),
  replacedBy: z.object({ lineId: z.string(), lineNo: z.number().int(), sku: z.string(), unitPrice: moneySchema }).optional(),
});

export const orderEditDiffSchema = z
  .object({
    shippingAddress: z.object({ from: z.record(z.string(), z.unknown()), to: z.record(z.string(), z.unknown()) }).optional(),
    lines: z.array(lineChange),
    totals: z.object({
      total: z.object({ from: moneySchema, to: moneySchema }),
      net: z.object({ from: moneySchema, to: moneySchema }).describe('What the order is worth: total − cancelled − returned'),
    }),
    payment: z
      .object({
        authorized: moneySchema.optional().describe('An additional authorization for the difference'),
        voided: moneySchema.optional().describe('Uncaptured authorization released'),
        refunded: moneySchema.optional().describe('Captured money given back'),
      })
      .optional(),
    sourcing: z
      .object({
        planId: z.string().nullable(),
        released: z.number().int().describe('Allocated units released'),
        allocations: z.array(z.object({ orderLineId: z.string(), sku: z.string(), locationCode: z.string(), quantity: z.number().int() })),
        backordered: z.number().int(),
      })
      .optional(),
  })
  .meta({ id: 'OrderEditDiff' });

export type OrderEditDiff = z.input<typeof orderEditDiffSchema>;

export const orderVersionSchema = z
  .object({
    version: z.number().int(),
    kind: z.enum(['placed', 'edited']),
    createdAt: z.string(),
    actor: z.string().nullable(),
    reason: z.string().nullable(),
    operations: z.array(z.unknown()),
    diff: orderEditDiffSchema.nullable(),
  })
  .meta({ id: 'OrderVersion' });

export const orderVersionsSchema = z.object({ orderId: z.string(), currentVersion: z.number().int(), items: z.array(orderVersionSchema) });

export const editOrderResponse = z
  .object({ version: z.number().int().describe('The order’s new version'), diff: orderEditDiffSchema, order: orderSchema })
  .meta({ id: 'OrderEdited' });
