import type { Db } from '../../platform/db/client.js';
import { preparedRows } from '../../platform/db/prepared.js';

/**
 * Creates the customers of an imported history in bulk (unknown emails only; existing customers keep
 * their data) and returns the id of every given email.
 */
export async function ensureCustomers(tx: Db, rows: Array<{ id: string; email: string; name: string }>, at: Date): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const found = await preparedRows<{ id: string; email: string }>(tx, 'ordo_ensure_customers', `
    with i as (
      insert into customers (id, email, name, created_at, updated_at)
      select u.id, u.email, u.name, $4::timestamptz, $4::timestamptz from unnest($1::uuid[], $2::text[], $3::text[]) as u(id, email, name)
      on conflict (email) do nothing
      returning id, email
    )
    select id, email from i
    union all
    select c.id, c.email from customers c where c.email = any($2::text[]) and c.email not in (select email from i)`,
    [rows.map((r) => r.id), rows.map((r) => r.email), rows.map((r) => r.name), at]);
  return new Map(found.map((r) => [r.email, r.id]));
}
