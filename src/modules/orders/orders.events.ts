import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { orderStatuses } from '../../domain/orders/order-states.js';
import { moneySchema } from '../../platform/http/schemas.js';
import { deliverySchema } from './orders.schemas.js';
import { orderEditDiffSchema } from './order-edits.schemas.js';

const allocation = z.object({ orderLineId: z.string(), sku: z.string(), locationCode: z.string(), quantity: z.number().int() });
const movedLine = z.object({ orderLineId: z.string(), sku: z.string(), quantity: z.number().int() });
/** A hold as events show it: at least id, type and reason; full holds also carry owner and times. */
const hold = z.looseObject({ id: z.string(), type: z.string(), reason: z.string() });

/** The orders context's public events. */
export const orderPlaced = defineEvent({
  type: 'order.placed',
  version: 1,
  aggregateType: 'order',
  summary: 'An order was accepted: its number, channel, total, where its lines were allocated and what is backordered or pending.',
  payload: z.object({
    orderId: z.string(),
    number: z.string(),
    channel: z.string(),
    externalId: z.string().nullable(),
    customerId: z.string(),
    total: moneySchema,
    locationCode: z.string().nullable(),
    allocations: z.array(allocation),
    delivery: deliverySchema,
    lines: z.array(
      z.object({ lineId: z.string(), sku: z.string(), quantity: z.number().int(), allocated: z.number().int(), backordered: z.number().int(), pending: z.number().int() }),
    ),
  }),
});

export const orderStatusChanged = defineEvent({
  type: 'order.status_changed',
  version: 1,
  aggregateType: 'order',
  summary: 'An order moved along its status table (a manual step, fulfillment progress or delivery).',
  payload: z.object({
    orderId: z.uuid(),
    number: z.string(),
    from: z.enum(orderStatuses),
    to: z.enum(orderStatuses),
    reason: z.string().nullable(),
  }),
});

export const orderConfirmed = defineEvent({
  type: 'order.confirmed',
  version: 1,
  aggregateType: 'order',
  summary: "An order's payments cover its total: it moved from placed to confirmed.",
  payload: z.object({ orderId: z.string() }),
});

export const orderHoldPlaced = defineEvent({
  type: 'order.hold_placed',
  version: 1,
  aggregateType: 'order',
  summary: 'A hold (fraud, payment, address, stock, manual) was put on an order.',
  payload: z.object({ orderId: z.string(), number: z.string(), hold }),
});

export const orderHoldReleased = defineEvent({
  type: 'order.hold_released',
  version: 1,
  aggregateType: 'order',
  summary: 'A hold on an order was released.',
  payload: z.object({ orderId: z.string(), number: z.string(), hold }),
});

const cancelled = z.object({
  orderId: z.string(),
  number: z.string(),
  reason: z.string(),
  lines: z.array(z.object({ lineId: z.string(), sku: z.string(), quantity: z.number().int(), released: z.number().int() })),
});

export const orderCancelled = defineEvent({
  type: 'order.cancelled',
  version: 1,
  aggregateType: 'order',
  summary: 'An order was cancelled as a whole (lines: what was cancelled and how much reserved stock was released).',
  payload: cancelled,
});

export const orderLinesCancelled = defineEvent({
  type: 'order.lines_cancelled',
  version: 1,
  aggregateType: 'order',
  summary: 'Some quantities of an order were cancelled; the rest of the order goes on.',
  payload: cancelled,
});

export const orderAllocated = defineEvent({
  type: 'order.allocated',
  version: 1,
  aggregateType: 'order',
  summary: 'Units of an order were allocated to locations by sourcing (after placement, payment, a hold release or new stock).',
  payload: z.object({ orderId: z.string(), trigger: z.string(), planId: z.string(), allocations: z.array(allocation) }),
});

const shippedFrom = {
  orderId: z.string(),
  fulfillmentOrderId: z.string(),
  locationCode: z.string(),
  lines: z.array(movedLine),
};

export const orderShipped = defineEvent({
  type: 'order.shipped',
  version: 1,
  aggregateType: 'order',
  summary: 'Units of an order left a location (handed to a carrier or picked up in store).',
  payload: z.object(shippedFrom),
});

export const orderDelivered = defineEvent({
  type: 'order.delivered',
  version: 1,
  aggregateType: 'order',
  summary: 'Units of an order reached the customer (store pickup, or a carrier proof of delivery with its shipment id).',
  payload: z.object({ ...shippedFrom, shipmentId: z.string().optional() }),
});

export const orderEdited = defineEvent({
  type: 'order.edited',
  version: 1,
  aggregateType: 'order',
  summary: 'An order was edited before picking (address, quantities, lines, variants): its new version and the diff — lines, totals, payment adjustment, re-sourcing.',
  payload: z.object({ orderId: z.string(), number: z.string(), version: z.number().int(), reason: z.string().nullable(), diff: orderEditDiffSchema }),
});

export const ordersEvents = [
  orderPlaced,
  orderStatusChanged,
  orderConfirmed,
  orderHoldPlaced,
  orderHoldReleased,
  orderCancelled,
  orderLinesCancelled,
  orderAllocated,
  orderShipped,
  orderDelivered,
  orderEdited,
] as const;
