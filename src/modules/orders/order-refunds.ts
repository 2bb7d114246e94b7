import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { payments } from '../../platform/db/schema/index.js';

/**
 * Money refunded so far over every payment of an order (minor units of the order currency), for the
 * order's totals. A read of the payments table (owned and written by the payments module only): the
 * orders module cannot import payments, which already depends on orders.
 */
export async function refundedTotal(db: Db, orderId: string): Promise<bigint> {
  const [row] = await db.select({ n: sql<string>`coalesce(sum(${payments.refundedAmount}), 0)::text` }).from(payments).where(eq(payments.orderId, orderId));
  return BigInt(row?.n ?? '0');
}

/** `refundedTotal` of several orders in one statement (orders without payments are missing: 0). */
export async function refundedTotals(db: Db, orderIds: string[]): Promise<Map<string, bigint>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .select({ orderId: payments.orderId, n: sql<string>`coalesce(sum(${payments.refundedAmount}), 0)::text` })
    .from(payments)
    .where(inArray(payments.orderId, orderIds))
    .groupBy(payments.orderId);
  return new Map(rows.map((r) => [r.orderId, BigInt(r.n)]));
}
