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

export const ordersEvents = [orderStatusChanged] as const;
