import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { fulfillmentLines } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { loadFulfillment, requireTransition, setFulfillmentStatus, toFulfillmentJson, type FulfillmentJson } from './fulfillment.repository.js';
import { releaseOrderForFulfillment } from './release-fulfillment.js';
import { shipInTx } from './hand-off.js';

/**
 * A sale at the counter (POS): the order's units reserved at the store leave with the customer now.
 * In ONE transaction the store's fulfillment order is created, its units count as picked (the
 * customer took them from the shelf; no pick list, no packing) and it moves open → picked_up, which
 * consumes the reservations with 'shipment' ledger movements, marks the lines shipped and delivered
 * and emits `order.shipped` and `order.delivered`. Units allocated at another location, or an order
 * that cannot be released (on hold, not confirmed), are refused; a second call finds nothing to hand over.
 */
export async function handOverAtCounter(ctx: Ctx, input: { orderId: string; locationCode: string }): Promise<FulfillmentJson[]> {
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const release = await releaseOrderForFulfillment(tx, ctx, input.orderId);
    if (release.skipped) throw new AppError('conflict', `The order cannot be handed over: ${release.skipped}`);
    const elsewhere = release.released.filter((r) => r.locationCode !== input.locationCode);
    if (elsewhere.length) throw new AppError('business_rule', `Units are reserved at ${elsewhere.map((r) => r.locationCode).join(', ')}, not at ${input.locationCode}`, { reason: 'not_at_store' });
    const out: FulfillmentJson[] = [];
    for (const r of release.released) {
      const before = await loadFulfillment(tx, r.fulfillmentOrderId, { lock: true });
      requireTransition(before.fo, 'picked_up', 'be handed over at the counter');
      await tx.update(fulfillmentLines).set({ picked: sql`${fulfillmentLines.quantity} - ${fulfillmentLines.short}` }).where(eq(fulfillmentLines.fulfillmentOrderId, before.fo.id));
      const f = await loadFulfillment(tx, before.fo.id);
      const { status, shipped } = await shipInTx(tx, ctx, f, at, { delivered: true });
      await setFulfillmentStatus(tx, f.fo, 'picked_up', at);
      await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.picked_up', entityType: 'fulfillment_order', entityId: f.fo.id, before: { status: f.fo.status }, after: { status: 'picked_up', orderStatus: status, lines: shipped, at: 'counter' } });
      out.push(toFulfillmentJson(await loadFulfillment(tx, f.fo.id)));
    }
    return out;
  });
}
