import type { Db } from '../../platform/db/client.js';
import { customers } from '../../platform/db/schema/index.js';
import { preparedRows } from '../../platform/db/prepared.js';

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
 * The email of a customer merged into another answers the other's id (one hop: customer_merges), so new
 * orders of a merged customer land on the customer their history moved to.
 */
/**
 * The upsert as SQL text with the given bind expressions (id, normalised email, name, phone, clock),
 * returning `id` (the merged-into customer's when merged) and `email`, `name`, `created`. Placement
 * runs it as a CTE of the order insert (orders' insertOrder), so this module keeps the one text.
 */
export const customerUpsertSql = (p: { id: string; email: string; name: string; phone: string; at: string }): string => `
  insert into customers (id, email, name, phone, created_at, updated_at)
  values (${p.id}::uuid, ${p.email}::text, ${p.name}::text, ${p.phone}::text, ${p.at}::timestamptz, ${p.at}::timestamptz)
  on conflict (email) do update set name = excluded.name, phone = coalesce(excluded.phone, customers.phone), updated_at = excluded.updated_at
  returning coalesce(merged_into_id, id) as id, email, name, (xmax = 0) as created`;

const UPSERT_SQL = customerUpsertSql({ id: '$1', email: '$2', name: '$3', phone: '$4', at: '$5' });

export async function upsertCustomerByEmail(
  tx: Db,
  deps: { newId: () => string; at: Date },
  input: { email: string; name: string; phone?: string | undefined },
): Promise<UpsertedCustomer> {
  const email = normaliseEmail(input.email);
  // A prepared statement: this runs in every order placement.
  const [row] = await preparedRows<{ id: string; email: string; name: string; created: boolean }>(tx, 'ordo_upsert_customer', UPSERT_SQL, [
    deps.newId(),
    email,
    input.name,
    input.phone ?? null,
    deps.at,
  ]);
  return { id: row!.id, email: row!.email, name: row!.name, created: row!.created === true };
}
