import { and, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { orderHolds, orders } from '../../platform/db/schema/index.js';
import type { HoldType } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { isTerminal, type OrderStatus } from '../../domain/orders/order-states.js';
import { holdJson, loadOrder } from './orders.repository.js';
import { newEvent } from '../../platform/events/define.js';
import { orderHoldPlaced, orderHoldReleased } from './orders.events.js';

/** Puts a typed hold on an order; while any hold is active the order cannot advance to fulfillment. */
export async function placeHold(ctx: Ctx, input: { orderId: string; type: HoldType; reason: string }) {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { order, holds } = await loadOrder(tx, input.orderId, { lock: true });
    if (isTerminal(order.status as OrderStatus)) {
      throw new AppError('illegal_transition', `Order ${order.number} is ${order.status}; a hold would have no effect`);
    }
    if (holds.some((h) => h.releasedAt === null && h.type === input.type)) {
      throw new AppError('conflict', `Order ${order.number} already has an active ${input.type} hold`);
    }
    return addHoldInTx(tx, { ...ctx, at }, { orderId: order.id, number: order.number, type: input.type, reason: input.reason });
  });
}

/** Writes a hold, its `order.hold_placed` event and audit row in the caller's transaction (no checks). */
export async function addHoldInTx(tx: Db, ctx: Ctx & { at: Date }, h: { orderId: string; number: string; type: HoldType; reason: string }) {
  const [hold] = await tx
    .insert(orderHolds)
    .values({ id: ctx.newId(), orderId: h.orderId, type: h.type, reason: h.reason, owner: actorLabel(ctx.actor), placedAt: ctx.at })
    .returning();
  await tx.update(orders).set({ updatedAt: ctx.at }).where(eq(orders.id, h.orderId));
  const json = holdJson(hold!);
  await enqueueEvents(tx, ctx, [newEvent(orderHoldPlaced, h.orderId, { orderId: h.orderId, number: h.number, hold: json })]);
  await recordAudit(tx, ctx, { action: 'order.hold_placed', entityType: 'order', entityId: h.orderId, after: json });
  return json;
}

export async function releaseHold(ctx: Ctx, input: { orderId: string; holdId: string; reason: string }) {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { order } = await loadOrder(tx, input.orderId, { lock: true });
    const [before] = await tx
      .select()
      .from(orderHolds)
      .where(and(eq(orderHolds.id, input.holdId), eq(orderHolds.orderId, order.id)));
    if (!before) throw notFound('Hold', input.holdId);
    const [hold] = await tx
      .update(orderHolds)
      .set({ releasedAt: at, releasedBy: actorLabel(ctx.actor), releaseReason: input.reason })
      .where(and(eq(orderHolds.id, input.holdId), isNull(orderHolds.releasedAt)))
      .returning();
    if (!hold) throw new AppError('conflict', `Hold ${input.holdId} was already released`);
    await tx.update(orders).set({ updatedAt: at }).where(eq(orders.id, order.id));
    const json = holdJson(hold);
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(orderHoldReleased, order.id, { orderId: order.id, number: order.number, hold: json }),
    ]);
    await recordAudit(tx, { ...ctx, at }, { action: 'order.hold_released', entityType: 'order', entityId: order.id, before: holdJson(before), after: json });
    return json;
  });
}
