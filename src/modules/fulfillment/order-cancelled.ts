import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentOrders, orders } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { queryRows } from '../../platform/db/query.js';
import { activeFulfillmentStatuses } from '../../domain/fulfillment/fulfillment-states.js';
import { releaseOrderForFulfillment } from './release-fulfillment.js';

/**
 * After an order (or some of its quantities) was cancelled, its reservations are gone: every active
 * fulfillment order whose lines are no longer fully reserved at its location is cancelled (the stock
 * was already released by the cancel flow), and what is still allocated is released again as fresh
 * fulfillment orders. Idempotent. Returns the cancelled fulfillment order ids.
 */
export async function cancelUncoveredFulfillments(tx: Db, ctx: Ctx, orderId: string, reason: string): Promise<string[]> {
  const at = ctx.clock.now();
  const [order] = await tx.select({ id: orders.id, status: orders.status }).from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order) return [];
  const active = sql.join(activeFulfillmentStatuses.map((s) => sql`${s}`), sql`, `);
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`
    with held as (
      select order_line_id, location_code, sum(quantity)::int q from reservations
      where order_id = ${orderId} and state = 'allocated' group by order_line_id, location_code),
    need as (
      select fl.order_line_id, fo.location_code, sum(fl.quantity - fl.short)::int q
      from fulfillment_lines fl join fulfillment_orders fo on fo.id = fl.fulfillment_order_id
      where fo.order_id = ${orderId} and fo.status in (${active})
      group by fl.order_line_id, fo.location_code),
    short as (
      select n.order_line_id, n.location_code from need n
      left join held h on h.order_line_id = n.order_line_id and h.location_code = n.location_code
      where n.q > coalesce(h.q, 0))
    select distinct fo.id from fulfillment_orders fo
    join fulfillment_lines fl on fl.fulfillment_order_id = fo.id
    join short s on s.order_line_id = fl.order_line_id and s.location_code = fo.location_code
    where fo.order_id = ${orderId} and fo.status in (${active})
    order by fo.id`,
  );
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const cancelled = await tx
    .update(fulfillmentOrders)
    .set({ status: 'cancelled', cancelledAt: at, cancellationReason: reason, updatedAt: at })
    .where(and(inArray(fulfillmentOrders.id, ids), inArray(fulfillmentOrders.status, [...activeFulfillmentStatuses])))
    .returning();
  for (const fo of cancelled) {
    const payload = { fulfillmentOrderId: fo.id, number: fo.number, orderId, locationCode: fo.locationCode, reason };
    await enqueueEvents(tx, { ...ctx, at }, [{ type: 'fulfillment.cancelled', aggregateType: 'fulfillment_order', aggregateId: fo.id, payload }]);
    await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.cancelled', entityType: 'fulfillment_order', entityId: fo.id, after: payload });
  }
  if (order.status !== 'cancelled') await releaseOrderForFulfillment(tx, ctx, orderId);
  return cancelled.map((f) => f.id);
}
