import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentOrders } from '../../platform/db/schema/index.js';
import type { FulfillmentStatus } from '../../domain/fulfillment/fulfillment-states.js';

/** Picking has started once a fulfillment order is in one of these states (or later along the table). */
export const pickingStartedStatuses: readonly FulfillmentStatus[] = ['picking', 'picked', 'packing', 'packed', 'handed_off', 'ready_for_pickup', 'picked_up'];

/**
 * The first fulfillment order of an order whose picking has started, or null. Edits before picking
 * (flows/edit-order.ts) call it after locking the order row, which every fulfillment writer locks
 * first too (fulfillment.tx.ts), so picking cannot start between this check and the edit's commit.
 */
export async function pickingStartedOf(db: Db, orderId: string): Promise<{ id: string; number: string; status: string } | null> {
  const [fo] = await db
    .select({ id: fulfillmentOrders.id, number: fulfillmentOrders.number, status: fulfillmentOrders.status })
    .from(fulfillmentOrders)
    .where(and(eq(fulfillmentOrders.orderId, orderId), inArray(fulfillmentOrders.status, [...pickingStartedStatuses])))
    .orderBy(asc(fulfillmentOrders.createdAt))
    .limit(1);
  return fo ?? null;
}
