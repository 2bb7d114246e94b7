import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { postalCodeCentroids } from '../../platform/db/schema/index.js';
import { normalisePostalCode, type PostalCentroid } from '../../domain/postal-centroids.js';

const BATCH = 1000;

/** Stores centroids (replacing those of the same country and code), in batches, in the caller's transaction. */
export async function importPostalCentroids(tx: Db, centroids: readonly PostalCentroid[]): Promise<number> {
  for (let i = 0; i < centroids.length; i += BATCH) {
    await tx
      .insert(postalCodeCentroids)
      .values(centroids.slice(i, i + BATCH).map((c) => ({ ...c, postalCode: normalisePostalCode(c.postalCode) })))
      .onConflictDoUpdate({
        target: [postalCodeCentroids.country, postalCodeCentroids.postalCode],
        set: { place: sql`excluded.place`, latitude: sql`excluded.latitude`, longitude: sql`excluded.longitude` },
      });
  }
  return centroids.length;
}

/** The centre of a postal code, or null when it is not in the loaded data. */
export async function geocodePostalCode(db: Db, q: { country: string; postalCode: string }): Promise<PostalCentroid | null> {
  const [row] = await db
    .select()
    .from(postalCodeCentroids)
    .where(and(eq(postalCodeCentroids.country, q.country.toUpperCase()), eq(postalCodeCentroids.postalCode, normalisePostalCode(q.postalCode))));
  return row ?? null;
}
