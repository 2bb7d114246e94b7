import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';

/** The fulfillment context's public events (minimal declarations: the fields consumers read). */
export const fulfillmentReadyForPickup = defineEvent({
  type: 'fulfillment.ready_for_pickup',
  version: 1,
  aggregateType: 'fulfillment_order',
  summary: 'A store pickup is packed and waits at the counter; carries the pickup code for the customer message.',
  payload: z.looseObject({ fulfillmentOrderId: z.uuid(), number: z.string(), orderId: z.uuid(), orderNumber: z.string(), locationCode: z.string(), code: z.string(), expiresAt: z.string() }),
});

export const fulfillmentEvents = [fulfillmentReadyForPickup] as const;
