import { z } from 'zod';
import { countryCode, moneySchema } from '../../platform/http/schemas.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import type { locations } from '../../platform/db/schema/index.js';

const validTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** Sourcing attributes of a location (money in the sourcing currency, ORDO_SOURCING_CURRENCY). */
export const locationSourcingFields = {
  handlingCostPerOrder: moneySchema.describe('Handling charged once per shipment from here'),
  handlingCostPerUnit: moneySchema.describe('Handling charged per unit picked here'),
  shippingTariff: z
    .object({ base: moneySchema, perKm: moneySchema, perKg: moneySchema })
    .nullable()
    .describe("This location's carrier tariff (per shipment, per started km, per started kg); null = the global tariff"),
  maxShipmentWeightGrams: z.number().int().min(1).nullable().describe('Heaviest shipment this location sends; null = no limit'),
  maxItemWeightGrams: z.number().int().min(1).nullable().describe('Heavier units are not shipped from here (e.g. stores); null = no limit'),
  excludedCountries: z.array(countryCode).max(250).describe('Countries this location never ships to'),
  shipFromCountry: countryCode.nullable().describe('Country shipments leave from; null = the address country'),
  timeZone: z.string().max(64).refine(validTimeZone, 'must be an IANA time zone such as Europe/Berlin').nullable().describe('Local day for the daily order capacity; null = UTC'),
};

export const locationSourcingInput = z.object(locationSourcingFields).partial();
export type LocationSourcingInput = z.output<typeof locationSourcingInput>;

type Row = typeof locations.$inferSelect;

/** Columns for the given attributes; money must be in the sourcing currency (else 400 naming the field). */
export function sourcingColumns(input: LocationSourcingInput, currency: string): Partial<Row> {
  const errors: FieldError[] = [];
  const amt = (path: string, m: { amount: number; currency: string }) => {
    if (m.currency !== currency) errors.push({ path: `sourcing.${path}.currency`, message: `must be ${currency}, the sourcing currency` });
    return BigInt(m.amount);
  };
  const out: Partial<Row> = {};
  if (input.handlingCostPerOrder) out.handlingCostPerOrderAmount = amt('handlingCostPerOrder', input.handlingCostPerOrder);
  if (input.handlingCostPerUnit) out.handlingCostPerUnitAmount = amt('handlingCostPerUnit', input.handlingCostPerUnit);
  if (input.shippingTariff === null) Object.assign(out, { shippingBaseAmount: null, shippingPerKmAmount: null, shippingPerKgAmount: null });
  else if (input.shippingTariff) {
    out.shippingBaseAmount = amt('shippingTariff.base', input.shippingTariff.base);
    out.shippingPerKmAmount = amt('shippingTariff.perKm', input.shippingTariff.perKm);
    out.shippingPerKgAmount = amt('shippingTariff.perKg', input.shippingTariff.perKg);
  }
  if (input.maxShipmentWeightGrams !== undefined) out.maxShipmentWeightGrams = input.maxShipmentWeightGrams;
  if (input.maxItemWeightGrams !== undefined) out.maxItemWeightGrams = input.maxItemWeightGrams;
  if (input.excludedCountries !== undefined) out.excludedCountries = [...new Set(input.excludedCountries)];
  if (input.shipFromCountry !== undefined) out.shipFromCountry = input.shipFromCountry;
  if (input.timeZone !== undefined) out.timeZone = input.timeZone;
  if (errors.length) throw new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });
  return out;
}

export const locationSourcingSchema = z.object({
  handlingCostPerOrder: moneySchema,
  handlingCostPerUnit: moneySchema,
  shippingTariff: z.object({ base: moneySchema, perKm: moneySchema, perKg: moneySchema }).nullable(),
  maxShipmentWeightGrams: z.number().int().nullable(),
  maxItemWeightGrams: z.number().int().nullable(),
  excludedCountries: z.array(z.string()),
  shipFromCountry: z.string().nullable(),
  timeZone: z.string().nullable(),
});

export function sourcingJson(r: Row, currency: string): z.infer<typeof locationSourcingSchema> {
  const m = (a: bigint) => ({ amount: Number(a), currency });
  return {
    handlingCostPerOrder: m(r.handlingCostPerOrderAmount),
    handlingCostPerUnit: m(r.handlingCostPerUnitAmount),
    shippingTariff:
      r.shippingBaseAmount === null || r.shippingPerKmAmount === null || r.shippingPerKgAmount === null
        ? null
        : { base: m(r.shippingBaseAmount), perKm: m(r.shippingPerKmAmount), perKg: m(r.shippingPerKgAmount) },
    maxShipmentWeightGrams: r.maxShipmentWeightGrams,
    maxItemWeightGrams: r.maxItemWeightGrams,
    excludedCountries: r.excludedCountries,
    shipFromCountry: r.shipFromCountry,
    timeZone: r.timeZone,
  };
}
