import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, index, integer, jsonb, pgSequence, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Restriction } from '../../../domain/shipping/restrictions.js';
import type { RateTable } from '../../../domain/shipping/rates.js';
import { locations } from './catalog.js';
import { orders } from './orders.js';
import { fulfillmentOrders } from './fulfillment.js';

export interface CalendarJson {
  timeZone: string;
  workdays: number[];
  holidays: string[];
}

/**
 * Carriers Ordo can buy labels from. `adapter` says how: Ordo's own table-rate carrier (labels and
 * tracking numbers made here), or an aggregator API (EasyPost, Shippo) with credentials from the
 * environment, never from the database.
 */
export const carriers = pgTable(
  'carriers',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    adapter: text('adapter').$type<'table_rate' | 'easypost' | 'shippo'>().notNull(),
    /** Table-rate carriers: the tracking number format and its prefix (S10 service indicator). */
    trackingFormat: text('tracking_format').$type<'s10' | 'ups'>().notNull().default('s10'),
    trackingPrefix: text('tracking_prefix').notNull().default('LX'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [check('carriers_adapter', sql`${t.adapter} in ('table_rate', 'easypost', 'shippo')`)],
);

/** A carrier's service: what it costs (rate table) and how long it takes (transit days on its calendar). */
export const carrierServices = pgTable(
  'carrier_services',
  {
    carrierCode: text('carrier_code').notNull().references(() => carriers.code),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    rates: jsonb('rates').$type<RateTable>().notNull(),
    transitDays: integer('transit_days').notNull(),
    calendar: jsonb('calendar').$type<CalendarJson>().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.carrierCode, t.code] }), check('carrier_services_transit', sql`${t.transitDays} between 0 and 60`)],
);

/** When a location works and hands parcels over: its calendar, daily cut-off and processing days. */
export const locationShippingProfiles = pgTable(
  'location_shipping_profiles',
  {
    locationCode: text('location_code').primaryKey().references(() => locations.code),
    timeZone: text('time_zone').notNull(),
    cutoff: text('cutoff').notNull(),
    processingDays: integer('processing_days').notNull().default(0),
    workdays: jsonb('workdays').$type<number[]>().notNull(),
    holidays: jsonb('holidays').$type<string[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [check('location_shipping_profiles_processing', sql`${t.processingDays} between 0 and 30`)],
);

/**
 * What a destination country asks of parcels sent there: duty and import VAT rates, de minimis
 * thresholds, the CN22 limits, the default Incoterm and the goods it refuses. Amounts are minor units
 * of `currency`.
 */
export const customsDestinations = pgTable(
  'customs_destinations',
  {
    country: text('country').primaryKey(),
    currency: text('currency').notNull(),
    defaultDutyBp: integer('default_duty_bp').notNull(),
    dutyByHsPrefix: jsonb('duty_by_hs_prefix').$type<Record<string, number>>().notNull().default({}),
    vatBp: integer('vat_bp').notNull(),
    vatOnShipping: boolean('vat_on_shipping').notNull().default(true),
    dutyDeMinimis: bigint('duty_de_minimis', { mode: 'bigint' }),
    vatDeMinimis: bigint('vat_de_minimis', { mode: 'bigint' }),
    cn22MaxValue: bigint('cn22_max_value', { mode: 'bigint' }).notNull(),
    cn22MaxWeightGrams: integer('cn22_max_weight_grams').notNull().default(2000),
    defaultIncoterm: text('default_incoterm').$type<'DDP' | 'DAP'>().notNull().default('DAP'),
    restrictions: jsonb('restrictions').$type<Restriction[]>().notNull().default([]),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    check('customs_destinations_rates', sql`${t.defaultDutyBp} between 0 and 100000 and ${t.vatBp} between 0 and 100000`),
    check('customs_destinations_incoterm', sql`${t.defaultIncoterm} in ('DDP', 'DAP')`),
  ],
);

/** Exchange rates for declared values: units of `to` per unit of `from`, as an exact decimal string. */
export const fxRates = pgTable(
  'fx_rates',
  {
    from: text('from_currency').notNull(),
    to: text('to_currency').notNull(),
    rate: text('rate').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.from, t.to] }), check('fx_rates_decimal', sql`${t.rate} ~ '^[0-9]{1,12}(\\.[0-9]{1,12})?$'`)],
);

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Raw bytes (label and document PDFs): stored as made, so a reprint is the same file. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
});

/** SH-000123 shipment numbers, MF-000045 manifest numbers, and the serials of built-in S10 tracking numbers. */
export const shipmentNumberSeq = pgSequence('shipment_number_seq', { startWith: 1, increment: 1 });
export const manifestNumberSeq = pgSequence('manifest_number_seq', { startWith: 1, increment: 1 });
export const trackingSerialSeq = pgSequence('tracking_serial_seq', { startWith: 1, increment: 1, maxValue: 99_999_999, cycle: true });

export const shipmentStatusList = ['label_purchased', 'handed_off', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender', 'voided'] as const;

/** What the rate shop offered for a shipment: one option per service, with price and dates. */
export interface RateChoiceJson {
  carrier: string;
  service: string;
  level: string;
  total: { amount: number; currency: string };
  shipDate: string;
  deliveryDate: string;
  meetsPromise: boolean;
}

/** Manifests (end-of-day scan forms): one per carrier, location and pickup, listing handed-off shipments. */
export const manifests = pgTable(
  'manifests',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    carrierCode: text('carrier_code').notNull().references(() => carriers.code),
    locationCode: text('location_code').notNull().references(() => locations.code),
    shipmentCount: integer('shipment_count').notNull(),
    parcelCount: integer('parcel_count').notNull(),
    weightGrams: integer('weight_grams').notNull(),
    pdf: bytea('pdf').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('manifests_carrier_location_idx').on(t.carrierCode, t.locationCode, t.createdAt), check('manifests_counts', sql`${t.shipmentCount} > 0 and ${t.parcelCount} > 0 and ${t.weightGrams} >= 0`)],
);

/**
 * A packed fulfillment order on its way: status per src/domain/shipping/shipment-states.ts, the rate
 * choice and its alternatives, the customs declaration for international parcels, and the proof of
 * delivery. At most one shipment per fulfillment order is not voided.
 */
export const shipments = pgTable(
  'shipments',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    fulfillmentOrderId: uuid('fulfillment_order_id').notNull().references(() => fulfillmentOrders.id),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    locationCode: text('location_code').notNull().references(() => locations.code),
    carrierCode: text('carrier_code').notNull().references(() => carriers.code),
    serviceCode: text('service_code').notNull(),
    /** 'ordo': label bought from the built-in carrier; 'external': label bought elsewhere, recorded here. */
    labelSource: text('label_source').$type<'ordo' | 'external'>().notNull(),
    status: text('status').$type<(typeof shipmentStatusList)[number]>().notNull(),
    promisedDate: text('promised_date'),
    shipDate: text('ship_date'),
    estimatedDelivery: text('estimated_delivery'),
    costAmount: bigint('cost_amount', { mode: 'bigint' }),
    costCurrency: text('cost_currency'),
    rateReason: text('rate_reason'),
    chosenRate: jsonb('chosen_rate').$type<RateChoiceJson>(),
    alternatives: jsonb('alternatives').$type<RateChoiceJson[]>().notNull().default([]),
    customs: jsonb('customs').$type<Record<string, unknown>>(),
    commercialInvoicePdf: bytea('commercial_invoice_pdf'),
    labelPdf: bytea('label_pdf'),
    /** The aggregator's id of the purchase (EasyPost shipment, Shippo transaction): what a void refunds. */
    providerLabelId: text('provider_label_id'),
    /** Where the aggregator serves the label (the bytes are stored in label_pdf too). */
    labelUrl: text('label_url'),
    proofOfDelivery: jsonb('proof_of_delivery').$type<{ signedBy: string | null; reference: string | null; at: string }>(),
    carrierStatus: text('carrier_status'),
    manifestId: uuid('manifest_id').references(() => manifests.id),
    voidReason: text('void_reason'),
    createdAt: ts('created_at').notNull(),
    handedOffAt: ts('handed_off_at'),
    deliveredAt: ts('delivered_at'),
    delayedAt: ts('delayed_at'),
    voidedAt: ts('voided_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('shipments_active_fo_key').on(t.fulfillmentOrderId).where(sql`status <> 'voided'`),
    index('shipments_order_idx').on(t.orderId),
    index('shipments_status_idx').on(t.status, t.createdAt),
    index('shipments_delivered_idx').on(t.deliveredAt).where(sql`delivered_at is not null`),
    index('shipments_manifest_idx').on(t.carrierCode, t.locationCode).where(sql`manifest_id is null and handed_off_at is not null`),
    check('shipments_status', sql`${t.status} in ('label_purchased','handed_off','in_transit','out_for_delivery','delivered','exception','returned_to_sender','voided')`),
    check('shipments_label_source', sql`${t.labelSource} in ('ordo', 'external')`),
    check('shipments_cost', sql`(${t.costAmount} is null) = (${t.costCurrency} is null) and (${t.costAmount} is null or ${t.costAmount} >= 0)`),
    check('shipments_voided', sql`(${t.status} = 'voided') = (${t.voidedAt} is not null)`),
  ],
);

/** One package of a shipment: its measures, tracking number and label (PDF page and ZPL). */
export const shipmentParcels = pgTable(
  'shipment_parcels',
  {
    id: uuid('id').primaryKey(),
    shipmentId: uuid('shipment_id').notNull().references(() => shipments.id),
    seq: integer('seq').notNull(),
    weightGrams: integer('weight_grams').notNull(),
    lengthMm: integer('length_mm').notNull(),
    widthMm: integer('width_mm').notNull(),
    heightMm: integer('height_mm').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    labelPdf: bytea('label_pdf'),
    labelZpl: text('label_zpl'),
    /** The aggregator's id of this parcel's label (EasyPost shipment, Shippo transaction): what a void refunds. */
    providerLabelId: text('provider_label_id'),
  },
  (t) => [
    unique('shipment_parcels_seq_key').on(t.shipmentId, t.seq),
    index('shipment_parcels_tracking_idx').on(t.trackingNumber),
    check('shipment_parcels_pos', sql`${t.weightGrams} > 0 and ${t.lengthMm} > 0 and ${t.widthMm} > 0 and ${t.heightMm} > 0 and ${t.seq} >= 1`),
  ],
);

/** A label bought from (or refunded at) an aggregator, as it recorded it: what a crash leaves behind. */
export interface LabelOperationProgress {
  /** The provider's shipment/order the chosen rate belongs to (before the purchase). */
  providerShipmentId?: string | null;
  /** Labels the provider sold, one per parcel (recorded right after the purchase answered). */
  labels?: Array<{ providerLabelId: string; trackingNumber: string }>;
  /** Void operations: the provider's refund answers. */
  refunds?: Array<{ providerLabelId: string; status: string; accepted: boolean }>;
}

/**
 * Aggregator label operations in flight (purchase, void). The carrier API is called outside any
 * database transaction: the operation is reserved under the fulfillment order's lock (one at a time
 * per fulfillment order), the provider is called, and the outcome is recorded in a second
 * transaction. A crash in between leaves the row `pending`; the label sweep refunds what it records
 * as bought and fails the operation.
 */
export const labelOperations = pgTable(
  'label_operations',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<'purchase' | 'void'>().notNull(),
    fulfillmentOrderId: uuid('fulfillment_order_id').notNull().references(() => fulfillmentOrders.id),
    /** Purchase: the shipment it made (when it succeeded); void: the shipment being voided. */
    shipmentId: uuid('shipment_id').references(() => shipments.id),
    carrierCode: text('carrier_code').notNull().references(() => carriers.code),
    status: text('status').$type<'pending' | 'succeeded' | 'failed'>().notNull(),
    /** What the purchase needs outside the transaction (shipment number, addresses, parcels, dates, service). */
    request: jsonb('request').$type<Record<string, unknown>>().notNull(),
    progress: jsonb('progress').$type<LabelOperationProgress>().notNull().default({}),
    /** Failed: the problem the caller got (code, detail, extensions). */
    error: jsonb('error').$type<{ code: string; message: string; extensions?: Record<string, unknown> }>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('label_operations_one_pending_key').on(t.fulfillmentOrderId).where(sql`status = 'pending'`),
    index('label_operations_pending_idx').on(t.createdAt).where(sql`status = 'pending'`),
    check('label_operations_kind', sql`${t.kind} in ('purchase', 'void')`),
    check('label_operations_status', sql`${t.status} in ('pending', 'succeeded', 'failed')`),
  ],
);

/** A shipment's timeline as the carrier reported it, normalised; the same scan reported twice is kept once. */
export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: uuid('id').primaryKey(),
    shipmentId: uuid('shipment_id').notNull().references(() => shipments.id),
    status: text('status').notNull(),
    carrierStatus: text('carrier_status').notNull(),
    message: text('message').notNull(),
    at: ts('at').notNull(),
    location: text('location'),
    updateId: text('update_id').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [unique('tracking_events_scan_key').on(t.shipmentId, t.at, t.carrierStatus, t.message), index('tracking_events_shipment_idx').on(t.shipmentId, t.at)],
);

/** Carrier webhook deliveries already applied, by the provider's update id (duplicates are acknowledged and ignored). */
export const trackingUpdates = pgTable('tracking_updates', {
  updateId: text('update_id').primaryKey(),
  shipmentId: uuid('shipment_id').notNull().references(() => shipments.id),
  provider: text('provider').notNull(),
  currentStatus: text('current_status'),
  receivedAt: ts('received_at').notNull(),
});

/** The delivery date promised for an order, kept current by an outbox handler (never in the placement transaction). */
export const orderPromises = pgTable('order_promises', {
  orderId: uuid('order_id').primaryKey().references(() => orders.id),
  promisedDate: text('promised_date').notNull(),
  shipDate: text('ship_date').notNull(),
  locationCode: text('location_code').notNull(),
  carrierCode: text('carrier_code').notNull(),
  serviceCode: text('service_code').notNull(),
  /** What the promise rests on: 'placement', 'allocation' or 'label'. */
  source: text('source').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
