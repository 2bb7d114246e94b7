import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';

/** The shipping context's public events (minimal declarations: the fields consumers read). */
const base = { shipmentId: z.uuid(), number: z.string(), orderId: z.uuid(), fulfillmentOrderId: z.string(), carrier: z.string(), trackingNumber: z.string().nullable().optional() };

export const shipmentTrackingUpdated = defineEvent({
  type: 'shipment.tracking_updated',
  version: 1,
  aggregateType: 'shipment',
  summary: 'The carrier reported a new shipment status (in transit, out for delivery, …).',
  payload: z.looseObject({ ...base, from: z.string(), to: z.string(), estimatedDelivery: z.string().nullable().optional() }),
});

export const shipmentException = defineEvent({
  type: 'shipment.exception',
  version: 1,
  aggregateType: 'shipment',
  summary: 'The carrier reported a delivery exception.',
  payload: z.looseObject({ ...base, message: z.string().nullable() }),
});

export const shipmentDelayed = defineEvent({
  type: 'shipment.delayed',
  version: 1,
  aggregateType: 'shipment',
  summary: 'The carrier expects delivery after the date promised to the customer.',
  payload: z.looseObject({ ...base, promisedDate: z.string().nullable(), estimatedDelivery: z.string().nullable() }),
});

export const shippingEvents = [shipmentTrackingUpdated, shipmentException, shipmentDelayed] as const;
