import { eq, sql } from 'drizzle-orm';
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
