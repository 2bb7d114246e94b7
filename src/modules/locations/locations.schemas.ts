import { z } from 'zod';
import { addressSchema, countryCode } from '../../platform/http/schemas.js';
import { locationSourcingInput, locationSourcingSchema } from './location-sourcing.js';
import { isClockTime, openingHoursProblem, weekdays } from '../../domain/locations/opening-hours.js';

export const locationCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'must be 1-40 letters, digits, dot, dash or underscore');

const clockTime = z.string().refine(isClockTime, 'must be a time HH:MM (24-hour clock)');
const openingHoursSchema = z
  .array(z.object({ day: z.enum(weekdays), opens: clockTime, closes: clockTime }))
  .max(50)
  .superRefine((ranges, c) => {
    const problem = openingHoursProblem(ranges);
    if (problem) c.addIssue({ code: 'custom', path: [problem.index, problem.field], message: problem.message });
  })
  .describe('Weekly opening hours in the store’s local time: ranges per weekday (two ranges for a lunch break); shown on the order status page of store pickups')
  .meta({ id: 'OpeningHours' });

const locationFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  type: z.enum(['warehouse', 'store']),
  address: addressSchema.omit({ latitude: true, longitude: true }).extend({ country: countryCode }),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  canShip: z.boolean().default(true),
  canPickup: z.boolean().default(false),
  priority: z.number().int().min(0).max(10_000).default(100).describe('Lower is preferred when costs tie'),
  dailyOrderCapacity: z.number().int().min(0).nullable().default(null).describe('Orders per day; null = unlimited'),
  processingTimeHours: z.number().int().min(0).max(24 * 30).default(24),
  active: z.boolean().default(true),
  openingHours: openingHoursSchema.optional(),
  sourcing: locationSourcingInput.optional().describe('Sourcing attributes: costs, tariff, weight limits, excluded countries'),
};

export const createLocationBody = z.object({ code: locationCode, ...locationFields }).meta({ id: 'CreateLocation' });
export const updateLocationBody = z
  // Without the create defaults: Zod 4 fills a default even inside .optional(), and a PATCH that sends
  // one field would reset the others (canPickup back to false …).
  .object(Object.fromEntries(Object.entries(locationFields).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType)).optional()])) as {
    [K in keyof typeof locationFields]: z.ZodOptional<(typeof locationFields)[K]>;
  })
  .meta({ id: 'UpdateLocation' });

export const locationSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    type: z.enum(['warehouse', 'store']),
    address: z.record(z.string(), z.unknown()),
    latitude: z.number(),
    longitude: z.number(),
    canShip: z.boolean(),
    canPickup: z.boolean(),
    priority: z.number().int(),
    dailyOrderCapacity: z.number().int().nullable(),
    processingTimeHours: z.number().int(),
    active: z.boolean(),
    openingHours: z.array(z.object({ day: z.enum(weekdays), opens: z.string(), closes: z.string() })),
    sourcing: locationSourcingSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Location' });

export type CreateLocationInput = z.output<typeof createLocationBody>;
export type UpdateLocationInput = z.output<typeof updateLocationBody>;
export type LocationJson = z.infer<typeof locationSchema>;
