import { doublePrecision, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Owned by the locations module. The centre of each postal code (GeoNames postal code data, loaded with
 * `ordo import postal-codes`): typed addresses (phone orders) get coordinates from it, so sourcing by
 * proximity can use them. `postal_code` is normalised (upper case, no spaces or dashes).
 */
export const postalCodeCentroids = pgTable(
  'postal_code_centroids',
  {
    country: text('country').notNull(),
    postalCode: text('postal_code').notNull(),
    place: text('place').notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
  },
  (t) => [primaryKey({ columns: [t.country, t.postalCode] })],
);
