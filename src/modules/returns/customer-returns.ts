import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { returns } from '../../platform/db/schema/index.js';

/** Moves returns from one customer to another (customer merge or its undo); only `returnIds` when given. Returns the ids moved. */
export async function reassignCustomerReturns(tx: Db, input: { fromCustomerId: string; toCustomerId: string; returnIds?: readonly string[] }): Promise<string[]> {
  if (input.returnIds && input.returnIds.length === 0) return [];
  const rows = await tx
    .update(returns)
    .set({ customerId: input.toCustomerId })
    .where(and(eq(returns.customerId, input.fromCustomerId), input.returnIds ? inArray(returns.id, [...input.returnIds]) : undefined))
    .returning({ id: returns.id });
  return rows.map((r) => r.id).sort();
}

/** A customer's returns, newest first (summary rows for the customer page). */
export async function listCustomerReturns(db: Db, customerId: string, limit = 50) {
  const rows = await db
    .select({ id: returns.id, number: returns.number, orderId: returns.orderId, status: returns.status, resolution: returns.resolution, createdAt: returns.createdAt })
    .from(returns)
    .where(eq(returns.customerId, customerId))
    .orderBy(desc(returns.createdAt), desc(returns.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
