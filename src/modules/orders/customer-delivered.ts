import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orderLines, orders } from '../../platform/db/schema/index.js';

/** Units ever delivered to a customer over all their orders (returns fraud: return rate). */
export async function customerDeliveredUnits(db: Db, customerId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${orderLines.quantityDelivered}), 0)::int` })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(eq(orders.customerId, customerId));
  return Number(row?.n ?? 0);
}
