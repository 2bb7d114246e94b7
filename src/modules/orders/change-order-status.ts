import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { orderStatusChanged } from './orders.events.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { checkTransition, nextStates, type OrderStatus } from '../../domain/orders/order-states.js';
import { activeHoldCount, loadOrder, toOrderJson, writeStatus } from './orders.repository.js';
import type { OrderJson } from './orders.schemas.js';

/**
 * Moves an order along its transition table (manual step until fulfillment and shipping drive it).
 * Cancellation has its own use case because it releases stock.
 */
export async function changeOrderStatus(ctx: Ctx, input: { orderId: string; to: OrderStatus; reason?: string | undefined }): Promise<OrderJson> {
  if (input.to === 'cancelled') throw new AppError('validation_failed', 'Use POST /orders/{id}/cancel to cancel', { errors: [{ path: 'status', message: 'use the cancel endpoint' }] });
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { order, lines, holds, allocations } = await loadOrder(tx, input.orderId, { lock: true });
    const from = order.status as OrderStatus;
    const check = checkTransition({ from, to: input.to, activeHolds: activeHoldCount(holds) });
    if (!check.ok) {
      const detail =
        check.reason === 'order_on_hold'
          ? `Order ${order.number} has an active hold; release it before moving to ${input.to}`
          : `Order ${order.number} cannot go from ${from} to ${input.to}; allowed: ${nextStates(from).join(', ') || 'none'}`;
      throw new AppError(check.reason, detail, { from, to: input.to, allowed: nextStates(from) });
    }
    await writeStatus(tx, { orderId: order.id, from, to: input.to, reason: input.reason, actor: actorLabel(ctx.actor), at });
    const json = toOrderJson({ ...order, status: input.to, updatedAt: at }, lines, holds, allocations);
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(orderStatusChanged, order.id, { orderId: order.id, number: order.number, from, to: input.to, reason: input.reason ?? null })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'order.status_changed', entityType: 'order', entityId: order.id, before: { status: from }, after: { status: input.to } });
    return json;
  });
}
