import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import type { Ctx } from '../../platform/context.js';
import type { Clock } from '../../platform/clock.js';
import type { IdGenerator } from '../../platform/ids.js';
import { systemActor } from '../../platform/auth/roles.js';
import { fulfillmentLines, fulfillmentOrders, orderLines, pickupCodes } from '../../platform/db/schema/index.js';
import { cancellable } from '../../domain/orders/line-quantities.js';
import { lineQuantities, type CancelOrder } from '../orders/index.js';
import { cancelUncoveredFulfillments } from './order-cancelled.js';

/**
 * Cancels store pickups not collected by their expiry (ORDO_PICKUP_EXPIRY_DAYS after ready for
 * pickup): the order lines of the pickup are cancelled through the cancel flow (`deps.cancelOrder`, which releases their
 * reservations and lets payments void/refund), then the fulfillment order is cancelled. Each pickup is
 * its own transactions, so one failure does not block the others; a crash between the two steps is
 * repaired by the next sweep (or the order.cancelled handler). Returns how many were cancelled.
 */
export async function cancelExpiredPickups(db: Db, deps: { clock: Clock; newId: IdGenerator; cancelOrder: CancelOrder }): Promise<number> {
  const ctx = { db, clock: deps.clock, newId: deps.newId, actor: systemActor };
  const due = await db
    .select({ id: fulfillmentOrders.id, orderId: fulfillmentOrders.orderId, number: fulfillmentOrders.number })
    .from(pickupCodes)
    .innerJoin(fulfillmentOrders, eq(fulfillmentOrders.id, pickupCodes.fulfillmentOrderId))
    .where(and(isNull(pickupCodes.usedAt), lte(pickupCodes.expiresAt, deps.clock.now()), eq(fulfillmentOrders.status, 'ready_for_pickup')))
    .orderBy(asc(pickupCodes.expiresAt))
    .limit(100);
  let n = 0;
  const failures: string[] = [];
  for (const fo of due) {
    try {
      n += await cancelOne(ctx, fo, deps.cancelOrder);
    } catch (err) {
      failures.push(`${fo.number}: ${(err as Error).message}`);
    }
  }
  // One failing pickup must not keep the others waiting; report them all (the job logs it).
  if (failures.length) throw new Error(`cancelled ${n} expired pickups; failed: ${failures.join('; ')}`);
  return n;
}

/** Cancels the pickup's order lines (cancel flow), then the fulfillment order; 1 when it was cancelled. */
async function cancelOne(ctx: Ctx, fo: { id: string; orderId: string; number: string }, cancelOrder: CancelOrder): Promise<number> {
  const db = ctx.db;
  const lines = await db
    .select({ line: orderLines })
    .from(fulfillmentLines)
    .innerJoin(orderLines, eq(orderLines.id, fulfillmentLines.orderLineId))
    .where(eq(fulfillmentLines.fulfillmentOrderId, fo.id));
  const toCancel = lines.map(({ line }) => ({ lineId: line.id, quantity: cancellable(lineQuantities(line)) })).filter((l) => l.quantity > 0);
  const reason = `store pickup ${fo.number} not collected in time`;
  if (toCancel.length) await cancelOrder(ctx, { orderId: fo.orderId, reason, lines: toCancel });
  const cancelled = await db.transaction((tx) => cancelUncoveredFulfillments(tx, ctx, fo.orderId, reason));
  return cancelled.includes(fo.id) ? 1 : 0;
}
