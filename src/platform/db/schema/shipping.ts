import { sql } from 'drizzle-orm';
import { bigint, boolean, check, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Restriction } from '../../../domain/shipping/restrictions.js';
import type { RateTable } from '../../../domain/shipping/rates.js';
import { locations } from './catalog.js';

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
