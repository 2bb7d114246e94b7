import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentLines, fulfillmentOrders, fulfillmentWorkSteps, orders } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { queryRows } from '../../platform/db/query.js';
import { activeFulfillmentStatuses, canFulfillmentTransition, fulfillmentStatuses } from '../../domain/fulfillment/fulfillment-states.js';

/** The states the fulfillment state table lets go to `cancelled` (the bulk update below filters on them). */
const cancellableFrom = fulfillmentStatuses.filter((s) => canFulfillmentTransition(s, 'cancelled'));
import { releaseOrderForFulfillment } from './release-fulfillment.js';
import { loadFulfillment, remainingOf } from './fulfillment.repository.js';
import { settleIfPicked } from './scan-item.js';
import { newEvent } from '../../platform/events/define.js';
import { fulfillmentCancelled, fulfillmentLinesCancelled } from './fulfillment.events.js';

/** States whose parcel is closed: losing units there cancels the whole fulfillment order. */
const closedParcel = new Set(['packed', 'ready_for_pickup']);

interface ShortLine {
  order_line_id: string;
  location_code: string;
  deficit: number;
}
interface HeldLine {
  id: string;
  fulfillment_order_id: string;
  order_line_id: string;
  location_code: string;
  sku: string;
  quantity: number;
  picked: number;
  short: number;
  status: string;
}
type Cut = { orderLineId: string; sku: string; quantity: number; returnToStock: number };

/**
 * After an order (or some of its quantities) was cancelled, its reservations are gone (the cancel
 * flow released them). Every active fulfillment order line needing more units than its location
 * still holds for that order line gives up the difference — **unpicked units first**, so picking
 * progress stays; only when the picked units alone exceed what is left are picked units cancelled,
 * and they are to be returned to their bin (`returnToStock` in `fulfillment.lines_cancelled`; their
 * reservation is already released, on_hand never dropped). A line left with no units is removed; a
 * fulfillment order that would lose every unit is cancelled whole (lines kept for the record); one
 * still picking with nothing left to pick becomes picked. Packed (or ready-for-pickup) fulfillment orders are cancelled whole, as their
 * parcel must be reopened, and what is still allocated is released again as a fresh fulfillment
 * order. Idempotent. Returns the cancelled fulfillment order ids.
 */
export async function cancelUncoveredFulfillments(tx: Db, ctx: Ctx, orderId: string, reason: string): Promise<string[]> {
  const at = ctx.clock.now();
  const [order] = await tx.select({ id: orders.id, status: orders.status }).from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order) return [];
  const active = sql.join(activeFulfillmentStatuses.map((s) => sql`${s}`), sql`, `);
  const shorts = await queryRows<ShortLine>(
    tx,
    sql`
    with held as (
      select order_line_id, location_code, sum(quantity)::int q from reservations
      where order_id = ${orderId} and state = 'allocated' group by order_line_id, location_code),
    need as (
      select fl.order_line_id, fo.location_code, sum(fl.quantity - fl.short)::int q
      from fulfillment_lines fl join fulfillment_orders fo on fo.id = fl.fulfillment_order_id
      where fo.order_id = ${orderId} and fo.status in (${active})
      group by fl.order_line_id, fo.location_code)
    select n.order_line_id, n.location_code, (n.q - coalesce(h.q, 0))::int deficit from need n
    left join held h on h.order_line_id = n.order_line_id and h.location_code = n.location_code
    where n.q > coalesce(h.q, 0)
    order by n.order_line_id, n.location_code`,
  );
  if (shorts.length === 0) return [];
  const held = await queryRows<HeldLine>(
    tx,
    sql`select fl.id, fl.fulfillment_order_id, fl.order_line_id, fo.location_code, fl.sku, fl.quantity, fl.picked, fl.short, fo.status
    from fulfillment_lines fl join fulfillment_orders fo on fo.id = fl.fulfillment_order_id
    where fo.order_id = ${orderId} and fo.status in (${active})
    order by fo.created_at, fo.id`,
  );
  const cancelWhole = new Set<string>();
  const cuts = new Map<string, { line: HeldLine; cut: Cut }[]>(); // by fulfillment order id
  for (const s of shorts) {
    const here = held.filter((l) => l.order_line_id === s.order_line_id && l.location_code === s.location_code);
    let deficit = s.deficit;
    for (const l of here.filter((x) => closedParcel.has(x.status))) {
      cancelWhole.add(l.fulfillment_order_id);
      deficit -= l.quantity - l.short;
    }
    const open = here.filter((x) => !closedParcel.has(x.status));
    const take = new Map<string, Cut>();
    const cutOf = (l: HeldLine) => take.get(l.id) ?? take.set(l.id, { orderLineId: l.order_line_id, sku: l.sku, quantity: 0, returnToStock: 0 }).get(l.id)!;
    // Unpicked units first (the most unpicked first), then picked ones, which go back to stock.
    for (const l of [...open].sort((a, b) => remainingOf(b) - remainingOf(a))) {
      const n = Math.min(Math.max(deficit, 0), remainingOf(l));
      if (n > 0) {
        cutOf(l).quantity += n;
        deficit -= n;
      }
    }
    for (const l of open) {
      const n = Math.min(Math.max(deficit, 0), l.picked);
      if (n > 0) {
        const c = cutOf(l);
        c.quantity += n;
        c.returnToStock += n;
        deficit -= n;
      }
    }
    for (const l of open) {
      const cut = take.get(l.id);
      if (cut) cuts.set(l.fulfillment_order_id, [...(cuts.get(l.fulfillment_order_id) ?? []), { line: l, cut }]);
    }
  }

  // A fulfillment order losing every unit is cancelled whole, its lines kept as they were.
  for (const [foId, list] of cuts) {
    const all = held.filter((l) => l.fulfillment_order_id === foId);
    const cutOf = (l: HeldLine) => list.find((x) => x.line.id === l.id)?.cut.quantity ?? 0;
    if (all.every((l) => l.quantity - l.short - cutOf(l) <= 0)) cancelWhole.add(foId);
  }
  for (const [foId, list] of cuts) {
    if (cancelWhole.has(foId)) continue;
    for (const { line, cut } of list) {
      if (cut.quantity >= line.quantity) {
        await tx.delete(fulfillmentWorkSteps).where(eq(fulfillmentWorkSteps.fulfillmentLineId, line.id));
        await tx.delete(fulfillmentLines).where(eq(fulfillmentLines.id, line.id));
      } else {
        await tx
          .update(fulfillmentLines)
          .set({ quantity: line.quantity - cut.quantity, picked: line.picked - cut.returnToStock })
          .where(eq(fulfillmentLines.id, line.id));
      }
    }
    const f = await loadFulfillment(tx, foId);
    const payload = { fulfillmentOrderId: foId, number: f.fo.number, orderId, locationCode: f.fo.locationCode, reason, lines: list.map((x) => x.cut) };
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(fulfillmentLinesCancelled, foId, payload)]);
    await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.lines_cancelled', entityType: 'fulfillment_order', entityId: foId, after: payload });
    if (f.fo.status === 'picking') await settleIfPicked(tx, ctx, f, at);
  }

  const cancelled = cancelWhole.size
    ? await tx
        .update(fulfillmentOrders)
        .set({ status: 'cancelled', cancelledAt: at, cancellationReason: reason, updatedAt: at })
        .where(and(inArray(fulfillmentOrders.id, [...cancelWhole]), inArray(fulfillmentOrders.status, cancellableFrom)))
        .returning()
    : [];
  for (const fo of cancelled) {
    const payload = { fulfillmentOrderId: fo.id, number: fo.number, orderId, locationCode: fo.locationCode, reason };
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(fulfillmentCancelled, fo.id, payload)]);
    await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.cancelled', entityType: 'fulfillment_order', entityId: fo.id, after: payload });
  }
  if (order.status !== 'cancelled') await releaseOrderForFulfillment(tx, ctx, orderId);
  return cancelled.map((f) => f.id);
}
