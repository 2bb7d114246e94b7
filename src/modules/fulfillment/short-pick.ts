import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { fulfillmentLines } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { remainingOf } from './fulfillment.repository.js';
import { returnToSourcing } from './fulfillment.stock.js';
import { inFulfillmentTx } from './fulfillment.tx.js';
import { settleIfPicked } from './scan-item.js';
import { newEvent } from '../../platform/events/define.js';
import { fulfillmentShortPicked } from './fulfillment.events.js';

export type ShortReason = 'damaged' | 'not_found' | 'other';

/**
 * The picker cannot find (or finds damaged) `quantity` units of a line: exactly those units are
 * released at this location and moved allocated -> backordered on the order line, in one transaction
 * with `fulfillment.short_picked`, so sourcing re-sources only the missing quantity.
 */
export async function shortPick(ctx: Ctx, id: string, input: { lineId: string; quantity: number; reason: ShortReason; note?: string | undefined }, idempotencyKey?: string) {
  return (
    await inFulfillmentTx(ctx, id, async (tx, f, at) => {
      if (f.fo.status !== 'picking') {
        throw new AppError('illegal_transition', `Fulfillment order ${f.fo.number} is ${f.fo.status}; short picks are recorded while picking`, { reason: 'not_picking' });
      }
      const line = f.lines.find((l) => l.id === input.lineId);
      if (!line) throw new AppError('validation_failed', `Line ${input.lineId} is not on ${f.fo.number}`, { errors: [{ path: 'lineId', message: 'is not a line of this fulfillment order' }] });
      const left = remainingOf(line);
      if (input.quantity > left) {
        throw new AppError('conflict', `Line ${line.sku} has ${left} unit(s) left to pick; cannot mark ${input.quantity} short`, { errors: [{ path: 'quantity', message: `at most ${left}` }] });
      }
      await returnToSourcing(tx, { orderLineId: line.orderLineId, sku: line.sku, locationCode: f.fo.locationCode, quantity: input.quantity, at }, ctx.newId);
      await tx.update(fulfillmentLines).set({ short: line.short + input.quantity, shortReason: input.reason }).where(eq(fulfillmentLines.id, line.id));
      const payload = {
        orderId: f.fo.orderId,
        fulfillmentOrderId: f.fo.id,
        locationCode: f.fo.locationCode,
        reason: input.reason,
        lines: [{ orderLineId: line.orderLineId, sku: line.sku, quantity: input.quantity }],
      };
      await enqueueEvents(tx, { ...ctx, at }, [newEvent(fulfillmentShortPicked, f.fo.id, payload)]);
      await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.short_picked', entityType: 'fulfillment_order', entityId: f.fo.id, after: { ...payload, note: input.note ?? null } });
      await settleIfPicked(tx, ctx, f, at);
    }, { key: idempotencyKey, route: `POST /fulfillment-orders/${id}/short`, request: input })
  ).json;
}
