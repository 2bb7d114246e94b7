import { z } from 'zod';
import { countryCode, currencyCode, moneySchema, isoDateTime } from '../../platform/http/schemas.js';
import { isTimeZone } from '../../domain/local-time.js';

export const carrierCode = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a lowercase code such as dhl or ordo-post');
const localDate = z.iso.date('must be a date YYYY-MM-DD');
const minor = z.number().int('must be an integer number of minor units').min(0).max(1e12);

export const calendarSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    workdays: z
      .array(z.number().int().min(1).max(7))
      .min(1, 'needs at least one working weekday (1 = Monday … 7 = Sunday)')
      .refine((d) => new Set(d).size === d.length, 'must not repeat a weekday'),
    holidays: z.array(localDate).max(400).default([]),
  })
  .meta({ id: 'BusinessCalendar' });

export const rateTableSchema = z
  .object({
    currency: currencyCode,
    countryZones: z.record(countryCode, z.string().min(1).max(32)).optional(),
    distanceZones: z.array(z.object({ maxKm: z.number().positive(), zone: z.string().min(1).max(32) })).max(50).optional(),
    weightBreaks: z.array(z.object({ maxGrams: z.number().int().positive(), prices: z.record(z.string().min(1).max(32), minor) })).min(1).max(100),
    perExtraKg: z.record(z.string().min(1).max(32), minor).optional(),
    dimDivisor: z.number().int().min(1000).max(10_000).optional().describe('cm³ per kg, e.g. 5000'),
    fuelSurchargeBp: z.number().int().min(0).max(10_000).optional().describe('basis points: 1250 = 12.5 %'),
    residentialSurcharge: minor.optional(),
    maxWeightGrams: z.number().int().positive().optional(),
  })
  .superRefine((t, c) => {
    t.weightBreaks.forEach((b, i) => {
      if (i > 0 && b.maxGrams <= t.weightBreaks[i - 1]!.maxGrams) c.addIssue({ code: 'custom', path: ['weightBreaks', i, 'maxGrams'], message: 'weight breaks must ascend' });
    });
    (t.distanceZones ?? []).forEach((b, i) => {
      if (i > 0 && b.maxKm <= t.distanceZones![i - 1]!.maxKm) c.addIssue({ code: 'custom', path: ['distanceZones', i, 'maxKm'], message: 'distance bands must ascend' });
    });
    if (!t.countryZones && !t.distanceZones?.length) c.addIssue({ code: 'custom', path: ['countryZones'], message: 'give country zones, distance zones or both' });
  })
  .meta({ id: 'RateTable' });

export const carrierSchema = z
  .object({
    code: carrierCode,
    name: z.string().trim().min(1).max(100),
    adapter: z.enum(['table_rate', 'easypost', 'shippo']),
    trackingFormat: z.enum(['s10', 'ups']),
    trackingPrefix: z.string().regex(/^[A-Z]{2}$/, 'must be two capital letters'),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Carrier' });

export const createCarrierBody = z.object({
  code: carrierCode,
  name: z.string().trim().min(1).max(100),
  adapter: z.enum(['table_rate', 'easypost', 'shippo']).default('table_rate'),
  trackingFormat: z.enum(['s10', 'ups']).default('s10'),
  trackingPrefix: z.string().regex(/^[A-Z]{2}$/, 'must be two capital letters').default('LX'),
  active: z.boolean().default(true),
});
export const updateCarrierBody = createCarrierBody.omit({ code: true }).partial();

export const serviceSchema = z
  .object({
    carrierCode: z.string(),
    code: z.string(),
    name: z.string(),
    level: z.string(),
    rates: rateTableSchema,
    transitDays: z.number().int(),
    calendar: calendarSchema,
    active: z.boolean(),
  })
  .meta({ id: 'CarrierService' });

export const createServiceBody = z.object({
  code: carrierCode,
  name: z.string().trim().min(1).max(100),
  level: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a lowercase level such as standard or express'),
  rates: rateTableSchema,
  transitDays: z.number().int().min(0).max(60),
  calendar: calendarSchema,
  active: z.boolean().default(true),
});
export const updateServiceBody = createServiceBody.omit({ code: true }).partial();

export const shippingProfileSchema = z
  .object({
    locationCode: z.string(),
    timeZone: z.string(),
    cutoff: z.string(),
    processingDays: z.number().int(),
    workdays: z.array(z.number().int()),
    holidays: z.array(z.string()),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'LocationShippingProfile' });

export const putShippingProfileBody = z.object({
  timeZone: calendarSchema.shape.timeZone,
  cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM'),
  processingDays: z.number().int().min(0).max(30).default(0),
  workdays: calendarSchema.shape.workdays,
  holidays: calendarSchema.shape.holidays,
});

export const parcelSchema = z.object({
  weightGrams: z.number().int().min(1).max(1_000_000),
  lengthMm: z.number().int().min(1).max(10_000),
  widthMm: z.number().int().min(1).max(10_000),
  heightMm: z.number().int().min(1).max(10_000),
});

export const quoteBody = z
  .object({
    locationCode: z.string().min(1).max(32),
    shipTo: z.object({ country: countryCode, postalCode: z.string().max(20).optional(), latitude: z.number().min(-90).max(90).optional(), longitude: z.number().min(-180).max(180).optional(), residential: z.boolean().default(true) }),
    parcels: z.array(parcelSchema).min(1).max(50),
    releasedAt: isoDateTime().optional().describe('When the order reaches the location; default now'),
    promisedDate: localDate.optional(),
    level: z.string().max(32).optional(),
  })
  .meta({ id: 'ShippingQuoteRequest' });

const rateBreakdownSchema = z.object({
  zone: z.string(),
  actualGrams: z.number().int(),
  dimensionalGrams: z.number().int(),
  billableGrams: z.number().int(),
  base: moneySchema,
  fuel: moneySchema,
  residential: moneySchema,
  total: moneySchema,
});

export const rateOptionSchema = z.object({
  carrier: z.string(),
  service: z.string(),
  level: z.string(),
  total: moneySchema,
  parcels: z.array(rateBreakdownSchema),
  shipDate: z.string(),
  deliveryDate: z.string(),
  meetsPromise: z.boolean(),
});

export const quoteSchema = z
  .object({
    locationCode: z.string(),
    startDate: z.string(),
    shipDate: z.string(),
    shifted: z.enum(['after_cutoff', 'non_business_day']).nullable(),
    options: z.array(rateOptionSchema),
    ineligible: z.array(z.object({ carrier: z.string(), service: z.string(), reason: z.string() })),
    chosen: rateOptionSchema.nullable(),
    reason: z.string(),
  })
  .meta({ id: 'ShippingQuote' });

export type CarrierJson = z.infer<typeof carrierSchema>;
export type ServiceJson = z.infer<typeof serviceSchema>;
export type ShippingProfileJson = z.infer<typeof shippingProfileSchema>;
export type QuoteJson = z.infer<typeof quoteSchema>;

const bpSchema = z.number().int().min(0).max(100_000).describe('basis points: 1000 = 10 %');
export const restrictionSchema = z
  .object({
    hsPrefix: z.string().regex(/^\d{2,10}$/, 'must be 2 to 10 digits of an HS code').optional(),
    sku: z.string().min(1).max(64).optional(),
    reason: z.string().trim().min(1).max(200),
  })
  .refine((r) => (r.hsPrefix === undefined) !== (r.sku === undefined), { message: 'give exactly one of hsPrefix or sku', path: ['hsPrefix'] });

export const customsDestinationBody = z.object({
  currency: currencyCode,
  defaultDutyBp: bpSchema,
  dutyByHsPrefix: z.record(z.string().regex(/^\d{2,10}$/, 'keys must be 2 to 10 digits of an HS code'), bpSchema).default({}),
  vatBp: bpSchema,
  vatOnShipping: z.boolean().default(true),
  dutyDeMinimis: minor.nullable().default(null),
  vatDeMinimis: minor.nullable().default(null),
  cn22MaxValue: minor.describe('CN22 only up to this value (UPU: 300 SDR)'),
  cn22MaxWeightGrams: z.number().int().min(1).max(30_000).default(2000),
  defaultIncoterm: z.enum(['DDP', 'DAP']).default('DAP'),
  restrictions: z.array(restrictionSchema).max(500).default([]),
});

export const customsDestinationSchema = customsDestinationBody.extend({ country: z.string(), updatedAt: z.string() }).meta({ id: 'CustomsDestination' });

export const fxRateSchema = z.object({ from: z.string(), to: z.string(), rate: z.string(), updatedAt: z.string() }).meta({ id: 'FxRate' });
export const putFxRateBody = z.object({ rate: z.string().regex(/^\d{1,12}(\.\d{1,12})?$/, 'must be a positive decimal such as 1.0856').refine((r) => !/^0+(\.0*)?$/.test(r), 'must be above zero') });

export const customsPreviewBody = z
  .object({
    country: countryCode,
    currency: currencyCode.describe('The currency the line values are in'),
    lines: z.array(z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().min(1).max(100_000), unitValue: minor })).min(1).max(500),
    shipping: minor.default(0),
    packagingWeightGrams: z.number().int().min(0).max(100_000).default(0),
    incoterm: z.enum(['DDP', 'DAP']).optional(),
  })
  .meta({ id: 'CustomsPreviewRequest' });

export const declarationSchema = z
  .object({
    country: z.string(),
    currency: z.string(),
    form: z.enum(['CN22', 'CN23']),
    formReason: z.string(),
    incoterm: z.enum(['DDP', 'DAP']),
    payer: z.enum(['shipper', 'recipient']),
    lines: z.array(
      z.object({
        sku: z.string(),
        description: z.string(),
        quantity: z.number().int(),
        hsCode: z.string().nullable(),
        originCountry: z.string().nullable(),
        unitValue: moneySchema,
        lineValue: moneySchema,
        lineWeightGrams: z.number().int(),
        dutyBp: z.number().int(),
      }),
    ),
    totalValue: moneySchema,
    totalWeightGrams: z.number().int(),
    shipping: moneySchema,
    duty: moneySchema,
    vat: moneySchema,
    missing: z.array(z.string()),
  })
  .meta({ id: 'CustomsDeclaration' });

export type CustomsDestinationJson = z.infer<typeof customsDestinationSchema>;
export type DeclarationJson = z.infer<typeof declarationSchema>;
