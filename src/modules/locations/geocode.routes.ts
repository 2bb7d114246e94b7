import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { countryCode, errorResponses } from '../../platform/http/schemas.js';
import { geocodePostalCode } from './postal-centroids.js';

const geocodeQuery = z.object({
  country: z.string().trim().toUpperCase().pipe(countryCode),
  postalCode: z.string().trim().min(1, 'is required').max(20),
});

const geocodeSchema = z
  .object({
    country: z.string(),
    postalCode: z.string().describe('Normalised: upper case, no spaces or dashes'),
    place: z.string(),
    latitude: z.number(),
    longitude: z.number(),
    precision: z.literal('postal_code').describe('The centre of the postal code area, not the street address'),
  })
  .meta({ id: 'GeocodedAddress' });

/** Coordinates for typed addresses (console order entry), from the postal code centroids loaded with `ordo import postal-codes`. */
export const geocodeRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/geocode/postal-code', {
      config: { roles: access.ordersWrite },
      schema: {
        tags: ['locations'],
        summary: 'Coordinates of a postal code (its centre), for an address typed without them',
        description: 'Sourcing prefers the nearest location when an order’s shipping address has coordinates; the console’s order entry asks here and sends them with the promise and the order. 404 when the code is not in the loaded postal code data.',
        querystring: geocodeQuery,
        response: { 200: geocodeSchema, ...errorResponses },
      },
      handler: async (req) => {
        const hit = await geocodePostalCode(deps.db, req.query);
        if (!hit) throw new AppError('not_found', `Postal code ${req.query.postalCode} in ${req.query.country} is not in the postal code data`);
        return { ...hit, precision: 'postal_code' as const };
      },
    });
  };
