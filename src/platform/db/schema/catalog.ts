import { sql } from 'drizzle-orm';
import { bigint, boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { OpeningRange } from '../../../domain/locations/opening-hours.js';

export interface CustomizationField {
  key: string;
  label: string;
  type: 'text' | 'select';
  required: boolean;
  maxLength?: number;
  options?: string[];
}

export interface Address {
  name?: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
  latitude?: number;
  longitude?: number;
}

export const products = pgTable(
  'products',
  {
    sku: text('sku').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    gtin: text('gtin').unique(),
    priceAmount: bigint('price_amount', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    weightGrams: integer('weight_grams'),
    lengthMm: integer('length_mm'),
    widthMm: integer('width_mm'),
    heightMm: integer('height_mm'),
    hsCode: text('hs_code'),
    originCountry: text('origin_country'),
    returnable: boolean('returnable').notNull().default(true),
    customizationFields: jsonb('customization_fields').$type<CustomizationField[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('products_name_idx').on(sql`lower(${t.name})`),
    check('products_price_nonneg', sql`${t.priceAmount} >= 0`),
  ],
);

/**
 * Sourcing attributes (handling costs, tariff, weight limits, excluded countries) are in minor units
 * of the sourcing currency (ORDO_SOURCING_CURRENCY); a null tariff column uses the global tariff.
 */
export const locations = pgTable('locations', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  address: jsonb('address').$type<Address>().notNull(),
  latitude: doublePrecision('latitude').notNull(),
  longitude: doublePrecision('longitude').notNull(),
  canShip: boolean('can_ship').notNull().default(true),
  canPickup: boolean('can_pickup').notNull().default(false),
  priority: integer('priority').notNull().default(100),
  dailyOrderCapacity: integer('daily_order_capacity'),
  processingTimeHours: integer('processing_time_hours').notNull().default(24),
  active: boolean('active').notNull().default(true),
  handlingCostPerOrderAmount: bigint('handling_cost_per_order_amount', { mode: 'bigint' }).notNull().default(sql`150`),
  handlingCostPerUnitAmount: bigint('handling_cost_per_unit_amount', { mode: 'bigint' }).notNull().default(sql`20`),
  shippingBaseAmount: bigint('shipping_base_amount', { mode: 'bigint' }),
  shippingPerKmAmount: bigint('shipping_per_km_amount', { mode: 'bigint' }),
  shippingPerKgAmount: bigint('shipping_per_kg_amount', { mode: 'bigint' }),
  maxShipmentWeightGrams: integer('max_shipment_weight_grams'),
  maxItemWeightGrams: integer('max_item_weight_grams'),
  excludedCountries: text('excluded_countries').array().notNull().default(sql`'{}'::text[]`),
  shipFromCountry: text('ship_from_country'),
  timeZone: text('time_zone'),
  /** Weekly opening hours (store pickups): ranges per weekday in the store's local time; empty = not given. */
  openingHours: jsonb('opening_hours').$type<OpeningRange[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
}, (t) => [
  check(
    'locations_sourcing_nonneg',
    sql`${t.handlingCostPerOrderAmount} >= 0 and ${t.handlingCostPerUnitAmount} >= 0 and coalesce(${t.shippingBaseAmount}, 0) >= 0
      and coalesce(${t.shippingPerKmAmount}, 0) >= 0 and coalesce(${t.shippingPerKgAmount}, 0) >= 0
      and coalesce(${t.maxShipmentWeightGrams}, 1) > 0 and coalesce(${t.maxItemWeightGrams}, 1) > 0`,
  ),
  check(
    'locations_tariff_all_or_none',
    sql`(${t.shippingBaseAmount} is null) = (${t.shippingPerKmAmount} is null) and (${t.shippingBaseAmount} is null) = (${t.shippingPerKgAmount} is null)`,
  ),
]);

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  phone: text('phone'),
  /** Set when this customer was merged into another (customer_merges): its history lives there now. */
  mergedIntoId: uuid('merged_into_id'),
  mergedAt: timestamp('merged_at', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});
