import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { customers } from '../../platform/db/schema/index.js';

export type CustomerRow = typeof customers.$inferSelect;

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export interface UpsertedCustomer {
  id: string;
  email: string;
  name: string;
  created: boolean;
}

/**
 * Finds or creates the customer for an email in one statement. `insert … on conflict do update` takes
 * the row lock itself, so concurrent placements by the same email converge on one row; `xmax = 0`
 * tells a fresh insert from an update (an updated row carries the updating transaction's id).
 * Call it with the placement's transaction so the customer commits with the order.
 */
export async function upsertCustomerByEmail(
  tx: Db,
  deps: { newId: () => string; at: Date },
  input: { email: string; name: string; phone?: string | undefined },
): Promise<UpsertedCustomer> {
  const email = normaliseEmail(input.email);
  const [row] = await tx
    .insert(customers)
    .values({ id: deps.newId(), email, name: input.name, phone: input.phone ?? null, createdAt: deps.at, updatedAt: deps.at })
    .onConflictDoUpdate({
      target: customers.email,
      set: {
        name: sql`excluded.name`,
        phone: sql`coalesce(excluded.phone, ${customers.phone})`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning({ id: customers.id, email: customers.email, name: customers.name, created: sql<boolean>`(xmax = 0)` });
  return { id: row!.id, email: row!.email, name: row!.name, created: row!.created === true };
}
