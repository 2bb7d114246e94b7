import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { orderLines } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { newEvent } from '../../platform/events/define.js';
import { holdJson, loadOrder } from './orders.repository.js';
import { releaseHolds, touchOrder } from './order-writes.js';
import { orderHoldReleased } from './orders.events.js';

/**
 * Completes an order kept on a `data` hold for unknown SKUs, in the caller's transaction: line i gets
 * `skus[i]` (the SKU the mapping now names; only lines with nothing sourced yet change), then the
 * data hold is released with its `order.hold_released` event, on which sourcing allocates the lines.
 * Returns false when the order has no active data hold (already released).
 */
export async function releaseDataHold(tx: Db, ctx: Ctx, input: { orderId: string; skus: readonly string[]; reason: string }): Promise<boolean> {
  const at = ctx.clock.now();
  const { order, lines, holds } = await loadOrder(tx, input.orderId, { lock: true });
  if (!holds.some((h) => h.type === 'data' && h.releasedAt === null)) return false;
  for (const l of lines) {
    const sku = input.skus[l.lineNo - 1];
    if (!sku || sku === l.sku) continue;
    if (l.quantityPending + l.quantityCancelled !== l.quantityOrdered) throw new AppError('conflict', `Line ${l.lineNo} of order ${order.number} was sourced already; its SKU cannot change`);
    await tx.update(orderLines).set({ sku }).where(and(eq(orderLines.id, l.id), eq(orderLines.orderId, order.id)));
  }
  const released = await releaseHolds(tx, { orderId: order.id, type: 'data' }, { at, by: actorLabel(ctx.actor), reason: input.reason });
  await touchOrder(tx, order.id, at);
  for (const hold of released) {
    const json = holdJson(hold);
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(orderHoldReleased, order.id, { orderId: order.id, number: order.number, hold: json })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'order.hold_released', entityType: 'order', entityId: order.id, after: json });
  }
  return released.length > 0;
}
