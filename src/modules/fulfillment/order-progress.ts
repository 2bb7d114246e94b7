import type { Db } from '../../platform/db/client.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { checkTransition, nextStates, type OrderStatus } from '../../domain/orders/order-states.js';
import { activeHoldCount, lineQuantities, loadOrder, writeStatus } from '../orders/index.js';
import { newEvent } from '../../platform/events/define.js';
import { orderStatusChanged } from '../orders/index.js';

/**
 * The order status a shipment leads to, derived from line quantities: shipped once every line is
 * shipped or cancelled, else partially shipped; delivered as well when every shipped unit is.
 */
export function statusAfterShipment(lines: Array<{ ordered: number; cancelled: number; shipped: number; delivered: number }>): OrderStatus[] {
  const all = lines.every((l) => l.shipped + l.cancelled === l.ordered);
  if (!all) return ['processing', 'partially_shipped'];
  const delivered = lines.every((l) => l.delivered === l.shipped);
  return delivered ? ['processing', 'shipped', 'delivered'] : ['processing', 'shipped'];
}

/**
 * Moves the order (already locked by the caller) through `steps` along its transition table inside
 * the caller's transaction, skipping steps it has reached; holds block processing and shipping. Writes
 * a history row and an `order.status_changed` event per move. Returns the final status.
 */
export async function advanceOrder(tx: Db, ctx: Ctx, input: { orderId: string; steps: OrderStatus[]; reason: string; at: Date }): Promise<OrderStatus> {
  const { order, holds } = await loadOrder(tx, input.orderId);
  let status = order.status as OrderStatus;
  const rank = (s: OrderStatus) => ['placed', 'confirmed', 'processing', 'partially_shipped', 'shipped', 'delivered', 'completed'].indexOf(s);
  for (const to of input.steps) {
    if (status === to || rank(status) > rank(to)) continue;
    const check = checkTransition({ from: status, to, activeHolds: activeHoldCount(holds) });
    if (!check.ok) {
      const detail =
        check.reason === 'order_on_hold'
          ? `Order ${order.number} has an active hold; release it before moving to ${to}`
          : `Order ${order.number} cannot go from ${status} to ${to}; allowed: ${nextStates(status).join(', ') || 'none'}`;
      throw new AppError(check.reason, detail, { from: status, to });
    }
    await writeStatus(tx, { orderId: order.id, from: status, to, reason: input.reason, actor: actorLabel(ctx.actor), at: input.at });
    await enqueueEvents(tx, { ...ctx, at: input.at }, [
      newEvent(orderStatusChanged, order.id, { orderId: order.id, number: order.number, from: status, to, reason: input.reason }),
    ]);
    status = to;
  }
  return status;
}

/** Line quantities of the order now (after the caller's writes in this transaction). */
export async function orderLineFacts(tx: Db, orderId: string) {
  const { lines } = await loadOrder(tx, orderId);
  return lines.map(lineQuantities);
}

/**
 * A partially shipped order whose remaining units were all cancelled while a hold was active moves
 * on once the hold is released: to shipped (or delivered). Locks the order; does nothing otherwise.
 */
export async function settleOrderProgress(tx: Db, ctx: Ctx, orderId: string, at: Date): Promise<void> {
  const { order, lines, holds } = await loadOrder(tx, orderId, { lock: true });
  if (order.status !== 'partially_shipped' || activeHoldCount(holds) > 0) return;
  const steps = statusAfterShipment(lines.map(lineQuantities));
  if (!steps.includes('shipped')) return;
  await advanceOrder(tx, ctx, { orderId, steps, reason: 'hold released; nothing left to ship', at });
}
