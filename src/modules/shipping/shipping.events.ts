import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { moneySchema } from '../../platform/http/schemas.js';
import { carrierSchema, customsDestinationSchema, fxRateSchema, serviceSchema, shippingProfileSchema } from './shipping.schemas.js';
import { manifestSchema } from './manifest.schema.js';

const shipment = { shipmentId: z.string(), number: z.string(), orderId: z.string(), fulfillmentOrderId: z.string(), carrier: z.string() };
/** Carrier tracking updates add the tracking number they came with. */
const tracked = { ...shipment, trackingNumber: z.string() };

/** The shipping context's public events. */
export const shipmentLabelPurchased = defineEvent({
  type: 'shipment.label_purchased',
  version: 1,
  aggregateType: 'shipment',
  summary: 'A shipment was created with its carrier labels (tracking numbers, service, cost, promised and estimated dates).',
  payload: z.object({
    ...shipment,
    locationCode: z.string(),
    service: z.string(),
    labelSource: z.enum(['ordo', 'external']),
    trackingNumbers: z.array(z.string()),
    promisedDate: z.string().nullable(),
    estimatedDelivery: z.string().nullable(),
    cost: moneySchema.nullable(),
    international: z.boolean(),
  }),
});

export const shipmentHandedOff = defineEvent({
  type: 'shipment.handed_off',
  version: 1,
  aggregateType: 'shipment',
  summary: 'A shipment was handed to its carrier (by the warehouse, or first seen in carrier tracking: then with its tracking number).',
  payload: z.object({ ...shipment, locationCode: z.string(), trackingNumber: z.string().optional() }),
});

export const shipmentTrackingUpdated = defineEvent({
  type: 'shipment.tracking_updated',
  version: 1,
  aggregateType: 'shipment',
  summary: "A carrier tracking update moved a shipment's status.",
  payload: z.object({ ...tracked, from: z.string(), to: z.string(), carrierStatus: z.string().nullable(), estimatedDelivery: z.string().nullable() }),
});

export const shipmentException = defineEvent({
  type: 'shipment.exception',
  version: 1,
  aggregateType: 'shipment',
  summary: 'The carrier reported a problem with a shipment.',
  payload: z.object({ ...tracked, message: z.string().nullable() }),
});

export const shipmentDelayed = defineEvent({
  type: 'shipment.delayed',
  version: 1,
  aggregateType: 'shipment',
  summary: "The carrier's estimated delivery is later than the date promised to the customer.",
  payload: z.object({ ...tracked, promisedDate: z.string().nullable(), estimatedDelivery: z.string().nullable() }),
});

export const shipmentDelivered = defineEvent({
  type: 'shipment.delivered',
  version: 1,
  aggregateType: 'shipment',
  summary: 'The carrier delivered a shipment (proof of delivery).',
  payload: z.object({ ...tracked, proofOfDelivery: z.object({ signedBy: z.string().nullable(), reference: z.string().nullable(), at: z.string() }) }),
});

export const shipmentVoided = defineEvent({
  type: 'shipment.voided',
  version: 1,
  aggregateType: 'shipment',
  summary: 'A shipment and its labels were voided (refunded at the label provider when bought there).',
  payload: z.object({ ...shipment, trackingNumbers: z.array(z.string()), reason: z.string(), refund: z.unknown() }),
});

export const manifestCreated = defineEvent({
  type: 'manifest.created',
  version: 1,
  aggregateType: 'manifest',
  summary: "A carrier manifest (end-of-day list of a location's shipments) was created.",
  payload: manifestSchema,
});

export const locationShippingProfileUpdated = defineEvent({
  type: 'location.shipping_profile_updated',
  version: 1,
  aggregateType: 'location',
  summary: "A location's shipping calendar (time zone, cut-off, workdays, holidays) changed.",
  payload: shippingProfileSchema,
});

export const carrierCreated = defineEvent({
  type: 'carrier.created',
  version: 1,
  aggregateType: 'carrier',
  summary: 'A carrier was added.',
  payload: z.object({ id: z.string(), after: carrierSchema }),
});
export const carrierUpdated = defineEvent({
  type: 'carrier.updated',
  version: 1,
  aggregateType: 'carrier',
  summary: 'A carrier changed (the carrier after the change).',
  payload: z.object({ id: z.string(), after: carrierSchema }),
});
export const carrierServiceCreated = defineEvent({
  type: 'carrier_service.created',
  version: 1,
  aggregateType: 'carrier_service',
  summary: 'A carrier service (rates, transit days, calendar) was added; id is carrier/service.',
  payload: z.object({ id: z.string(), after: serviceSchema }),
});
export const carrierServiceUpdated = defineEvent({
  type: 'carrier_service.updated',
  version: 1,
  aggregateType: 'carrier_service',
  summary: 'A carrier service changed (the service after the change).',
  payload: z.object({ id: z.string(), after: serviceSchema }),
});

export const customsDestinationUpdated = defineEvent({
  type: 'customs_destination.updated',
  version: 1,
  aggregateType: 'customs_destination',
  summary: 'Customs rules of a destination country (duty, VAT, de minimis, restrictions) changed.',
  payload: customsDestinationSchema,
});

export const fxRateUpdated = defineEvent({
  type: 'fx_rate.updated',
  version: 1,
  aggregateType: 'fx_rate',
  summary: 'An exchange rate used for customs values changed.',
  payload: fxRateSchema,
});

export const shippingEvents = [
  shipmentLabelPurchased,
  shipmentHandedOff,
  shipmentTrackingUpdated,
  shipmentException,
  shipmentDelayed,
  shipmentDelivered,
  shipmentVoided,
  manifestCreated,
  locationShippingProfileUpdated,
  carrierCreated,
  carrierUpdated,
  carrierServiceCreated,
  carrierServiceUpdated,
  customsDestinationUpdated,
  fxRateUpdated,
] as const;
