import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { recordAudit } from '../platform/audit.js';
import { enqueueEvents } from '../platform/outbox/outbox.js';
import { actorLabel } from '../platform/auth/roles.js';
import { cancelQuantity, cancellable, isFullyCancelled, type LineQuantities } from '../domain/orders/line-quantities.js';
import { canTransition, checkTransition, type OrderStatus } from '../domain/orders/order-states.js';
import { releaseLineAllocation } from '../modules/inventory/index.js';
import { activeHoldCount, lineQuantities, loadAllocations, loadOrder, setLineQuantities, toOrderJson, touchOrder, writeStatus } from '../modules/orders/index.js';
import { advanceOrder, statusAfterShipment } from '../modules/fulfillment/index.js';
import type { CancelOrderInput, OrderJson } from '../modules/orders/index.js';
import { newEvent } from '../platform/events/define.js';
import { orderCancelled, orderLinesCancelled } from '../modules/orders/index.js';

export type { CancelOrderInput } from '../modules/orders/index.js';

/**
 * Cancels a whole order or some quantities of its lines. Backordered units go first, then allocated
 * ones, whose reservations are released in the same transaction. When nothing remains the order
 * moves to `cancelled`. A partially shipped order can have what has not shipped cancelled (the rest
 * of a backorder the customer no longer wants): it then moves on to `shipped` (or `delivered`) when
 * every remaining unit has shipped — unless a hold is active, which keeps it where it is.
 */
export async function cancelOrder(ctx: Ctx, input: CancelOrderInput): Promise<OrderJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { order, lines, holds, allocations } = await loadOrder(tx, input.orderId, { lock: true });
    const status = order.status as OrderStatus;
    const wanted = new Map<string, number>();
    if (input.lines) {
      input.lines.forEach((l, i) => {
        const line = lines.find((x) => x.id === l.lineId);
        if (!line) throw new AppError('validation_failed', `Line ${l.lineId} is not on order ${order.number}`, { errors: [{ path: `lines.${i}.lineId`, message: 'is not a line of this order' }] });
        const can = cancellable(lineQuantities(line)) - (wanted.get(l.lineId) ?? 0);
        if (l.quantity > can) throw new AppError('conflict', `Only ${can} of line ${line.lineNo} (${line.sku}) can be cancelled`, { errors: [{ path: `lines.${i}.quantity`, message: `at most ${can} can be cancelled` }] });
        wanted.set(l.lineId, (wanted.get(l.lineId) ?? 0) + l.quantity);
      });
    } else {
      for (const l of lines) if (cancellable(lineQuantities(l)) > 0) wanted.set(l.id, cancellable(lineQuantities(l)));
    }
    // Cancelling part of an order is allowed while cancelling all of it would be, and for what has not
    // shipped yet of a partially shipped order.
    const shippedSome = status === 'partially_shipped';
    if (!canTransition(status, 'cancelled') && !shippedSome) {
      throw new AppError('illegal_transition', `Order ${order.number} is ${status} and cannot be cancelled`);
    }

    if (wanted.size === 0) throw new AppError('conflict', `Order ${order.number} has nothing left to cancel`);
    const after = new Map<string, LineQuantities>();
    const released: Array<{ lineId: string; sku: string; quantity: number; released: number }> = [];
    // Lines in SKU order, so concurrent cancellations lock inventory rows in the same order.
    for (const line of [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.lineNo - b.lineNo))) {
      const qty = wanted.get(line.id);
      if (!qty) continue;
      const { next, release } = cancelQuantity(lineQuantities(line), qty);
      await releaseLineAllocation(tx, { orderLineId: line.id, quantity: release, at });
      await setLineQuantities(tx, line.id, { cancelled: next.cancelled, pending: next.pending, backordered: next.backordered, allocated: next.allocated });
      after.set(line.id, next);
      released.push({ lineId: line.id, sku: line.sku, quantity: qty, released: release });
    }
    const newLines = lines.map((l) => {
      const q = after.get(l.id);
      return q ? { ...l, quantityCancelled: q.cancelled, quantityPending: q.pending, quantityBackordered: q.backordered, quantityAllocated: q.allocated } : l;
    });
    let newStatus: OrderStatus = status;
    const actor = actorLabel(ctx.actor);
    if (isFullyCancelled(newLines.map(lineQuantities))) {
      const check = checkTransition({ from: status, to: 'cancelled', activeHolds: 0 });
      if (!check.ok) throw new AppError('illegal_transition', `Order ${order.number} cannot go from ${status} to cancelled`);
      await writeStatus(tx, { orderId: order.id, from: status, to: 'cancelled', reason: input.reason, actor, at });
      newStatus = 'cancelled';
    } else if (shippedSome && activeHoldCount(holds) === 0) {
      const steps = statusAfterShipment(newLines.map(lineQuantities));
      newStatus = await advanceOrder(tx, ctx, { orderId: order.id, steps, reason: `rest cancelled: ${input.reason}`, at });
    }
    const json = toOrderJson({ ...order, status: newStatus, updatedAt: at }, newLines, holds, await loadAllocations(tx, order.id));
    const whole = newStatus === 'cancelled';
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(whole ? orderCancelled : orderLinesCancelled, order.id, { orderId: order.id, number: order.number, reason: input.reason, lines: released }),
    ]);
    await recordAudit(tx, { ...ctx, at }, {
      action: whole ? 'order.cancelled' : 'order.lines_cancelled',
      entityType: 'order',
      entityId: order.id,
      before: toOrderJson(order, lines, holds, allocations),
      after: json,
    });
    if (!whole) await touchOrder(tx, order.id, at);
    return json;
  });
}
