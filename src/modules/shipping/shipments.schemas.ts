import { z } from 'zod';
import { moneySchema } from '../../platform/http/schemas.js';
import { shipmentStatuses } from '../../domain/shipping/shipment-states.js';
import { carrierCode, declarationSchema, parcelSchema } from './shipping.schemas.js';

const localDate = z.iso.date('must be a date YYYY-MM-DD');

export const createShipmentBody = z
  .object({
    parcels: z.array(parcelSchema).min(1).max(50).optional().describe('Default: the package the fulfillment order was packed into'),
    level: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a lowercase level such as express').optional().describe('The shipping level the customer paid for'),
    carrier: carrierCode.optional(),
    service: carrierCode.optional(),
    promisedDate: localDate.optional().describe('Default: the order’s stored promise'),
    incoterm: z.enum(['DDP', 'DAP']).optional(),
    trackingNumber: z
      .string()
      .regex(/^[A-Za-z0-9]{6,40}$/, 'must be 6 to 40 letters or digits')
      .optional()
      .describe('Record a label bought outside Ordo (EasyPost or Shippo carriers): carrier and service are then required. Leave it out to buy the label through Ordo'),
  })
  .superRefine((b, c) => {
    if (b.service && !b.carrier) c.addIssue({ code: 'custom', path: ['carrier'], message: 'is required with service' });
    if (b.trackingNumber && !b.carrier) c.addIssue({ code: 'custom', path: ['carrier'], message: 'is required with trackingNumber' });
    if (b.trackingNumber && !b.service) c.addIssue({ code: 'custom', path: ['service'], message: 'is required with trackingNumber' });
    if (b.trackingNumber && b.parcels && b.parcels.length > 1) c.addIssue({ code: 'custom', path: ['parcels'], message: 'one parcel per recorded tracking number' });
  })
  .meta({ id: 'CreateShipmentRequest' });

export const rateChoiceSchema = z
  .object({ carrier: z.string(), service: z.string(), level: z.string(), total: moneySchema, shipDate: z.string(), deliveryDate: z.string(), meetsPromise: z.boolean() })
  .meta({ id: 'RateChoice' });

export const trackingEventSchema = z
  .object({ status: z.string(), carrierStatus: z.string(), message: z.string(), at: z.string(), location: z.string().nullable() })
  .meta({ id: 'TrackingEvent' });

export const shipmentParcelSchema = z.object({
  seq: z.number().int(),
  weightGrams: z.number().int(),
  dimensionsMm: z.object({ length: z.number().int(), width: z.number().int(), height: z.number().int() }),
  trackingNumber: z.string(),
});

export const shipmentSummarySchema = z
  .object({
    id: z.string(),
    number: z.string(),
    fulfillmentOrderId: z.string(),
    fulfillmentNumber: z.string(),
    orderId: z.string(),
    orderNumber: z.string(),
    locationCode: z.string(),
    carrier: z.string(),
    service: z.string(),
    labelSource: z.enum(['ordo', 'external']),
    status: z.enum(shipmentStatuses),
    promisedDate: z.string().nullable(),
    shipDate: z.string().nullable(),
    estimatedDelivery: z.string().nullable(),
    cost: moneySchema.nullable(),
    trackingNumbers: z.array(z.string()),
    manifestId: z.string().nullable(),
    createdAt: z.string(),
    handedOffAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    voidedAt: z.string().nullable(),
  })
  .meta({ id: 'ShipmentSummary' });

export const shipmentSchema = shipmentSummarySchema
  .extend({
    rateReason: z.string().nullable(),
    chosen: rateChoiceSchema.nullable(),
    alternatives: z.array(rateChoiceSchema),
    customs: declarationSchema.nullable(),
    hasCommercialInvoice: z.boolean(),
    proofOfDelivery: z.object({ signedBy: z.string().nullable(), reference: z.string().nullable(), at: z.string() }).nullable(),
    carrierStatus: z.string().nullable(),
    voidReason: z.string().nullable(),
    parcels: z.array(shipmentParcelSchema),
    timeline: z.array(trackingEventSchema),
  })
  .meta({ id: 'Shipment' });

export const listShipmentsQuery = z.object({
  status: z.enum(shipmentStatuses).optional(),
  carrier: z.string().max(32).optional(),
  locationCode: z.string().max(32).optional(),
  orderId: z.uuid().optional(),
  date: localDate.optional().describe('Created on this UTC date'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional(),
});

export const voidShipmentBody = z.object({ reason: z.string().trim().min(1).max(200).default('voided') });

export type ShipmentJson = z.infer<typeof shipmentSchema>;
export type ShipmentSummaryJson = z.infer<typeof shipmentSummarySchema>;
