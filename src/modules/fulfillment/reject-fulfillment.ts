import type { Ctx } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { requireTransition, setFulfillmentStatus } from './fulfillment.repository.js';
import { returnToSourcing } from './fulfillment.stock.js';
import { inFulfillmentTx } from './fulfillment.tx.js';
import { newEvent } from '../../platform/events/define.js';
import { fulfillmentRejected } from './fulfillment.events.js';

/**
 * The location refuses the whole fulfillment order (store too busy, stock not really there): every
 * unit it still holds (quantity − short) is released here and moved allocated -> backordered, and
 * `fulfillment.rejected` asks sourcing to find another location.
 */
export async function rejectFulfillment(ctx: Ctx, id: string, input: { reason: string }) {
  return (
    await inFulfillmentTx(ctx, id, async (tx, f, at) => {
      requireTransition(f.fo, 'rejected', 'be rejected');
      const lines = f.lines.filter((l) => l.quantity - l.short > 0).map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, quantity: l.quantity - l.short }));
      for (const l of [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))) {
        await returnToSourcing(tx, { ...l, locationCode: f.fo.locationCode, at }, ctx.newId);
      }
      await setFulfillmentStatus(tx, f.fo, 'rejected', at, { rejectionReason: input.reason });
      const payload = { orderId: f.fo.orderId, fulfillmentOrderId: f.fo.id, locationCode: f.fo.locationCode, reason: input.reason, lines };
      await enqueueEvents(tx, { ...ctx, at }, [newEvent(fulfillmentRejected, f.fo.id, payload)]);
      await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.rejected', entityType: 'fulfillment_order', entityId: f.fo.id, before: { status: f.fo.status }, after: payload });
    })
  ).json;
}
