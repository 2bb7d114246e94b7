import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentOrders, pickupCodes } from '../../platform/db/schema/index.js';

export interface AwaitingPickup {
  fulfillmentOrderId: string;
  orderId: string;
  readyAt: Date;
  expiresAt: Date;
}

/**
 * Store pickups ready since `readyBefore` or earlier and still waiting: the code not used, not expired
 * and the fulfillment order still `ready_for_pickup` (the pickup reminder's candidates). Oldest first.
 */
export async function pickupsAwaitingCollection(db: Db, input: { readyBefore: Date; now: Date; limit?: number }): Promise<AwaitingPickup[]> {
  return db
    .select({ fulfillmentOrderId: fulfillmentOrders.id, orderId: fulfillmentOrders.orderId, readyAt: pickupCodes.createdAt, expiresAt: pickupCodes.expiresAt })
    .from(pickupCodes)
    .innerJoin(fulfillmentOrders, eq(fulfillmentOrders.id, pickupCodes.fulfillmentOrderId))
    .where(and(isNull(pickupCodes.usedAt), lte(pickupCodes.createdAt, input.readyBefore), gt(pickupCodes.expiresAt, input.now), eq(fulfillmentOrders.status, 'ready_for_pickup')))
    .orderBy(asc(pickupCodes.createdAt))
    .limit(input.limit ?? 500);
}
