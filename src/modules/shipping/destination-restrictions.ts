import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import type { Restriction } from '../../domain/shipping/restrictions.js';

/**
 * The restricted goods of every customs destination, kept in process so that placement — a hot path —
 * pays no round trip for them: loaded once (one query for all countries), dropped when this process
 * changes a destination, and reloaded after a short TTL so changes made by other processes arrive too.
 * Keyed by database handle, so apps over different databases (tests) never share lists.
 */
export const RESTRICTIONS_TTL_MS = 30_000;

interface Entry {
  lists: Map<string, Restriction[]>;
  loadedAt: number;
}
const cache = new WeakMap<object, Entry>();

/** The restrictions of `country` (none → []). `read` runs the load (inside the caller's transaction) when stale. */
export async function destinationRestrictions(key: Db, read: Db, country: string, now: Date): Promise<readonly Restriction[]> {
  let e = cache.get(key);
  if (!e || now.getTime() - e.loadedAt >= RESTRICTIONS_TTL_MS || now.getTime() < e.loadedAt) {
    const rows = await queryRows<{ country: string; restrictions: Restriction[] }>(
      read,
      sql`select country, restrictions from customs_destinations where jsonb_array_length(restrictions) > 0`,
    );
    e = { lists: new Map(rows.map((r) => [r.country, r.restrictions])), loadedAt: now.getTime() };
    cache.set(key, e);
  }
  return e.lists.get(country) ?? [];
}

/** Forget the lists (a destination changed in this process); the next placement reloads them. */
export function forgetDestinationRestrictions(key: Db): void {
  cache.delete(key);
}
