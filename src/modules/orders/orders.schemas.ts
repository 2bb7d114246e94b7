import { z } from 'zod';
import { addressSchema, currencyCode, languageTag, moneySchema, isoDateTime } from '../../platform/http/schemas.js';
import { orderStatuses } from '../../domain/orders/order-states.js';
import { holdTypes } from '../../platform/db/schema/index.js';
// Direct file imports (not the module index) so the two schema files do not form an import cycle.
import { orderPaymentsSchema, placementPaymentSchema, type PlacementPaymentInput } from '../payments/payments.schemas.js';

const sku = z.string().min(1).max(64);

export const placeOrderLine = z.object({
  sku,
  quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000),
  unitPrice: moneySchema.optional().describe('Price per unit; defaults to the catalog price'),
  customization: z.record(z.string().max(64), z.string().max(1000)).optional(),
});

export const deliverySchema = z
  .discriminatedUnion('method', [
    z.object({ method: z.literal('ship') }),
    z.object({ method: z.literal('pickup'), locationCode: z.string().min(1).max(32).describe('The store the customer collects from') }),
  ])
  .describe('Ship to the shipping address (default) or collect at a store (BOPIS)')
  .meta({ id: 'Delivery' });

export const placeOrderBody = z
  .object({
    channel: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a lowercase channel name such as web, app, shopify, pos'),
    externalId: z.string().min(1).max(200).optional().describe('The channel’s own order id; unique per channel'),
    customer: z.object({
      email: z.string().trim().pipe(z.email('must be an email address').max(320)),
      name: z.string().trim().min(1, 'is required').max(200),
      phone: z.string().max(40).optional(),
    }),
    shippingAddress: addressSchema,
    billingAddress: addressSchema.optional(),
    currency: currencyCode.optional().describe('Defaults to the currency of the first line’s price'),
    lines: z.array(placeOrderLine).min(1, 'must have at least one line').max(500),
    shipping: moneySchema.optional(),
    discount: moneySchema.optional(),
    tax: moneySchema.optional(),
    inventoryPolicy: z.enum(['reject', 'backorder']).default('reject'),
    delivery: deliverySchema.default({ method: 'ship' }),
    note: z.string().max(2000).optional(),
    locale: languageTag.optional().describe('BCP-47 language tag of the customer’s messages for this order (`de`, `en-GB`); stored in canonical form. Without it: the customer’s language, else the shop’s'),
    payments: z.array(placementPaymentSchema).min(1).max(10).optional().describe('Pay at placement: the order stays placed until the payments are authorized'),
    draftId: z
      .uuid('must be an order draft id (UUID)')
      .optional()
      .describe('The order draft (console order entry) this order is placed from: deleted in the placement transaction; 409 when it is gone (placed or deleted already)'),
  })
  .meta({ id: 'PlaceOrder' });

/** A placement; its payments may include the point of sale's cash (not accepted over POST /orders). */
export type PlaceOrderInput = Omit<z.output<typeof placeOrderBody>, 'payments'> & { payments?: PlacementPaymentInput[] | undefined };

const quantities = z.object({
  ordered: z.number().int(),
  cancelled: z.number().int(),
  pending: z.number().int().describe('Awaiting sourcing: the order is held (fraud review) or waits for payment authorization'),
  backordered: z.number().int(),
  allocated: z.number().int(),
  shipped: z.number().int(),
  delivered: z.number().int(),
  returned: z.number().int(),
});

const orderLineFields = z.object({
  id: z.string(),
  lineNo: z.number().int(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: moneySchema,
  lineTotal: moneySchema,
  customization: z.record(z.string(), z.string()),
  locationCode: z.string().nullable().describe('The location holding the allocated units; null when none or split over several'),
  allocations: z
    .array(z.object({ locationCode: z.string(), quantity: z.number().int() }))
    .describe('Allocated units per location (reservations); several entries when the line is split'),
  quantities,
});

/** On the wire prices are null for roles that may not see money (warehouse). */
export const orderLineSchema = orderLineFields.extend({
  unitPrice: moneySchema.nullable().describe('null for the warehouse role'),
  lineTotal: moneySchema.nullable().describe('null for the warehouse role'),
});

export const holdSchema = z
  .object({
    id: z.string(),
    type: z.enum(holdTypes),
    reason: z.string(),
    owner: z.string(),
    placedAt: z.string(),
    releasedAt: z.string().nullable(),
    releasedBy: z.string().nullable(),
    releaseReason: z.string().nullable(),
  })
  .meta({ id: 'OrderHold' });

const orderTotals = z.object({
  subtotal: moneySchema,
  shipping: moneySchema,
  discount: moneySchema,
  tax: moneySchema,
  total: moneySchema.describe('As placed: subtotal + shipping + tax − discount'),
  cancelled: moneySchema.describe('Value of the cancelled units (net of their discount share); shipping and tax too once everything is cancelled'),
  returned: moneySchema.describe('Value of the returned units at the same exact allocation'),
  refunded: moneySchema.describe('Refunded so far to the order’s payments'),
  net: moneySchema.describe('What the order is worth now: total − cancelled − returned'),
});

/** The order as use cases build it: every field present. */
const orderFields = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(orderStatuses),
  channel: z.string(),
  externalId: z.string().nullable(),
  customer: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  shippingAddress: z.record(z.string(), z.unknown()),
  billingAddress: z.record(z.string(), z.unknown()).nullable(),
  currency: z.string(),
  inventoryPolicy: z.enum(['reject', 'backorder']),
  delivery: deliverySchema,
  lines: z.array(orderLineFields),
  totals: orderTotals,
  holds: z.array(holdSchema),
  note: z.string().nullable(),
  locale: z.string().nullable().describe('BCP-47 language tag given at placement'),
  placedAt: z.string(),
  updatedAt: z.string(),
});

export type OrderJson = z.infer<typeof orderFields>;

/** The response: money and the customer's email are null for the warehouse role (see redactOrder). */
export const orderSchema = orderFields
  .extend({
    customer: z.object({ id: z.string(), email: z.string().nullable().describe('null for the warehouse role'), name: z.string() }),
    lines: z.array(orderLineSchema),
    totals: orderTotals.nullable().describe('null for the warehouse role'),
    payment: orderPaymentsSchema.optional().describe('The payment outcome; in the placement response of an order placed with payments'),
  })
  .meta({ id: 'Order' });

export const cancelOrderBody = z
  .object({
    reason: z.string().trim().min(1, 'is required').max(500),
    lines: z
      .array(z.object({ lineId: z.string().uuid(), quantity: z.number().int().min(1) }))
      .min(1)
      .optional()
      .describe('Quantities to cancel; omit to cancel everything not yet shipped'),
  })
  .meta({ id: 'CancelOrder' });

export const placeHoldBody = z.object({ type: z.enum(holdTypes), reason: z.string().trim().min(1, 'is required').max(500) });
export const releaseHoldBody = z.object({ reason: z.string().trim().min(1, 'is required').max(500) });
export const changeStatusBody = z.object({ status: z.enum(orderStatuses), reason: z.string().max(500).optional() });

export const listOrdersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(orderStatuses).optional(),
  channel: z.string().max(40).optional(),
  email: z.string().max(320).optional(),
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
  onHold: z.enum(['true', 'false']).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Free text: order number, external id, email or customer name'),
  tag: z.string().trim().toLowerCase().min(1).max(40).optional().describe('Only orders with this tag'),
});

export const orderSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(orderStatuses),
  channel: z.string(),
  externalId: z.string().nullable(),
  email: z.string().nullable().describe('null for the warehouse role'),
  customerName: z.string(),
  total: moneySchema.nullable().describe('null for the warehouse role'),
  activeHolds: z.number().int(),
  placedAt: z.string(),
});

export const orderEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  actor: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
