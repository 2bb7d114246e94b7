import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { orderStatuses } from '../../domain/orders/order-states.js';

/** The orders context's public events. */
export const orderStatusChanged = defineEvent({
  type: 'order.status_changed',
  version: 1,
  aggregateType: 'order',
  summary: 'An order moved along its status table by a manual step (console or API).',
  payload: z.object({
    orderId: z.uuid(),
    number: z.string(),
    from: z.enum(orderStatuses),
    to: z.enum(orderStatuses),
    reason: z.string().nullable(),
  }),
});



// Minimal declarations (fields the notifications handlers read; others pass through) until the
// event-schema work declares these payloads in full.
export const orderPlaced = defineEvent({
  type: 'order.placed',
  version: 1,
  aggregateType: 'order',
  summary: 'An order was placed (lines, totals and any backordered quantities).',
  payload: z.looseObject({ orderId: z.uuid(), number: z.string(), customerId: z.uuid().optional(), lines: z.array(z.looseObject({ sku: z.string(), quantity: z.number(), backordered: z.number().optional() })).optional() }),
});

export const orderShipped = defineEvent({
  type: 'order.shipped',
  version: 1,
  aggregateType: 'order',
  summary: 'Units of an order left a location (one fulfillment order handed to the carrier).',
  payload: z.looseObject({ orderId: z.uuid(), fulfillmentOrderId: z.string().optional(), locationCode: z.string().optional(), lines: z.array(z.looseObject({ sku: z.string(), quantity: z.number() })).optional() }),
});

export const orderDelivered = defineEvent({
  type: 'order.delivered',
  version: 1,
  aggregateType: 'order',
  summary: 'Every shipped unit of an order was delivered (or collected).',
  payload: z.looseObject({ orderId: z.uuid(), shipmentId: z.string().optional(), fulfillmentOrderId: z.string().optional() }),
});

export const orderCancelled = defineEvent({
  type: 'order.cancelled',
  version: 1,
  aggregateType: 'order',
  summary: 'A whole order was cancelled.',
  payload: z.looseObject({ orderId: z.uuid(), number: z.string().optional(), reason: z.string().nullable().optional() }),
});
export const ordersEvents = [orderStatusChanged, orderPlaced, orderShipped, orderDelivered, orderCancelled] as const;
