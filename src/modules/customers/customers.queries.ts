import { and, asc, count, desc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { customers, orders } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import type { CustomerRow } from './customers.repository.js';
import type { CustomerJson, CustomerOrderJson } from './customers.schemas.js';

const toCustomerJson = (r: CustomerRow, orderCount: number): CustomerJson => ({
  id: r.id,
  email: r.email,
  name: r.name,
  phone: r.phone,
  mergedIntoId: r.mergedIntoId,
  mergedAt: r.mergedAt ? r.mergedAt.toISOString() : null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  orderCount,
});

async function orderCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: orders.customerId, n: count() })
    .from(orders)
    .where(inArray(orders.customerId, ids))
    .groupBy(orders.customerId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export async function getCustomer(db: Db, id: string): Promise<CustomerJson> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  if (!row) throw notFound('Customer', id);
  return toCustomerJson(row, (await orderCounts(db, [id])).get(id) ?? 0);
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Customers ordered by email (unique, so it is also the cursor). */
export async function listCustomers(db: Db, f: { q?: string | undefined; tag?: string | undefined; after?: string | undefined; limit: number }): Promise<CustomerJson[]> {
  const rows = await db
    .select()
    .from(customers)
    .where(
      and(
        f.q ? or(ilike(customers.email, likePattern(f.q)), ilike(customers.name, likePattern(f.q))) : undefined,
        f.after ? gt(customers.email, f.after) : undefined,
        // Tags are kept by the notes module (entity_tags); a read of its table, written only there.
        f.tag ? sql`exists (select 1 from entity_tags t where t.subject_type = 'customer' and t.subject_id = "customers"."id" and t.tag = ${f.tag})` : undefined,
      ),
    )
    .orderBy(asc(customers.email))
    .limit(f.limit);
  const counts = await orderCounts(db, rows.map((r) => r.id));
  return rows.map((r) => toCustomerJson(r, counts.get(r.id) ?? 0));
}

/** A customer's orders, newest first; the cursor is the last (placedAt, id) seen. */
export async function listCustomerOrders(
  db: Db,
  customerId: string,
  f: { before?: { placedAt: Date; id: string } | undefined; limit: number },
): Promise<CustomerOrderJson[]> {
  const [exists] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId));
  if (!exists) throw notFound('Customer', customerId);
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      channel: orders.channel,
      totalAmount: orders.totalAmount,
      currency: orders.currency,
      placedAt: orders.placedAt,
    })
    .from(orders)
    .where(
      and(
        eq(orders.customerId, customerId),
        f.before ? sql`(${orders.placedAt}, ${orders.id}) < (${f.before.placedAt.toISOString()}::timestamptz, ${f.before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(f.limit);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    channel: r.channel,
    total: { amount: Number(r.totalAmount), currency: r.currency },
    placedAt: r.placedAt.toISOString(),
  }));
}
