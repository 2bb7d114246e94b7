import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentLines, fulfillmentOrders, fulfillmentWorkSteps, inventoryLevels, orderHolds, orderLines, orders, products } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { queryRows } from '../../platform/db/query.js';
import { notFound } from '../../platform/errors.js';
import { activeFulfillmentStatuses } from '../../domain/fulfillment/fulfillment-states.js';
import { nextFulfillmentNumber } from './fulfillment.repository.js';
import { newEvent } from '../../platform/events/define.js';
import { fulfillmentCreated, fulfillmentLinesAdded } from './fulfillment.events.js';

/** Order statuses whose allocations may go to the warehouse (nothing while placed or on hold). */
export const releasableOrderStatuses = ['confirmed', 'processing', 'partially_shipped'] as const;

export type ReleaseOutcome = { orderId: string; released: Array<{ fulfillmentOrderId: string; number: string; locationCode: string; added: boolean }>; skipped: string | null };

/**
 * Creates fulfillment orders, one per location, for the allocated units of an order that no active
 * fulfillment order covers yet; new units at a location whose fulfillment order is still `open` join
 * it. Only for orders that are confirmed/processing/partially shipped without an active hold.
 * Idempotent: running it twice creates nothing the second time. Emits `fulfillment.created` (or
 * `fulfillment.lines_added`) per fulfillment order, in the caller's transaction.
 */
export async function releaseOrderForFulfillment(tx: Db, ctx: Ctx, orderId: string): Promise<ReleaseOutcome> {
  const at = ctx.clock.now();
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order) throw notFound('Order', orderId);
  if (!(releasableOrderStatuses as readonly string[]).includes(order.status)) return { orderId, released: [], skipped: `order is ${order.status}` };
  const holds = await tx.select({ id: orderHolds.id }).from(orderHolds).where(and(eq(orderHolds.orderId, orderId), sql`${orderHolds.releasedAt} is null`));
  if (holds.length) return { orderId, released: [], skipped: 'order has an active hold' };

  // Allocated units per (line, location) minus what active fulfillment orders already hold.
  const gaps = await queryRows<{ order_line_id: string; location_code: string; sku: string; gap: number }>(
    tx,
    sql`
    with held as (
      select order_line_id, location_code, sku, sum(quantity)::int q from reservations
      where order_id = ${orderId} and state = 'allocated' group by order_line_id, location_code, sku),
    covered as (
      select fl.order_line_id, fo.location_code, sum(fl.quantity - fl.short)::int q
      from fulfillment_lines fl join fulfillment_orders fo on fo.id = fl.fulfillment_order_id
      where fo.order_id = ${orderId} and fo.status in (${sql.join(activeFulfillmentStatuses.map((s) => sql`${s}`), sql`, `)})
      group by fl.order_line_id, fo.location_code)
    select h.order_line_id, h.location_code, h.sku, (h.q - coalesce(c.q, 0))::int gap
    from held h left join covered c on c.order_line_id = h.order_line_id and c.location_code = h.location_code
    where h.q > coalesce(c.q, 0)
    order by h.location_code, h.order_line_id`,
  );
  if (gaps.length === 0) return { orderId, released: [], skipped: null };

  const lineIds = [...new Set(gaps.map((g) => g.order_line_id))];
  const lineRows = await tx.select().from(orderLines).where(inArray(orderLines.id, lineIds));
  const skus = [...new Set(gaps.map((g) => g.sku))];
  const catalog = await tx.select({ sku: products.sku, fields: products.customizationFields }).from(products).where(inArray(products.sku, skus));
  const byLoc = new Map<string, typeof gaps>();
  for (const g of gaps) byLoc.set(g.location_code, [...(byLoc.get(g.location_code) ?? []), g]);

  const out: ReleaseOutcome['released'] = [];
  for (const [locationCode, locGaps] of byLoc) {
    const [openFo] = await tx
      .select()
      .from(fulfillmentOrders)
      .where(and(eq(fulfillmentOrders.orderId, orderId), eq(fulfillmentOrders.locationCode, locationCode), eq(fulfillmentOrders.status, 'open')))
      .limit(1)
      .for('update');
    const foId = openFo?.id ?? ctx.newId();
    const number = openFo?.number ?? (await nextFulfillmentNumber(tx));
    const type: 'pickup' | 'ship' = order.deliveryMethod === 'pickup' && order.pickupLocationCode === locationCode ? 'pickup' : 'ship';
    if (!openFo) {
      await tx.insert(fulfillmentOrders).values({
        id: foId, number, orderId, locationCode, type, status: 'open', createdAt: at, updatedAt: at,
      });
    }
    const bins = await tx
      .select({ sku: inventoryLevels.sku, bin: inventoryLevels.bin })
      .from(inventoryLevels)
      .where(and(eq(inventoryLevels.locationCode, locationCode), inArray(inventoryLevels.sku, locGaps.map((g) => g.sku))));
    const lines: Array<{ orderLineId: string; sku: string; quantity: number }> = [];
    // New fulfillment lines and work steps of this location go in one INSERT each (the common case of a
    // fresh release: no open fulfillment order to add to).
    const newLines: Array<typeof fulfillmentLines.$inferInsert> = [];
    const newSteps: Array<typeof fulfillmentWorkSteps.$inferInsert> = [];
    for (const g of locGaps) {
      const line = lineRows.find((l) => l.id === g.order_line_id)!;
      const existing = openFo
        ? (await tx.select().from(fulfillmentLines).where(and(eq(fulfillmentLines.fulfillmentOrderId, foId), eq(fulfillmentLines.orderLineId, line.id))))[0]
        : undefined;
      if (existing) {
        await tx.update(fulfillmentLines).set({ quantity: existing.quantity + g.gap }).where(eq(fulfillmentLines.id, existing.id));
      } else {
        const flId = ctx.newId();
        newLines.push({ id: flId, fulfillmentOrderId: foId, orderLineId: line.id, sku: g.sku, quantity: g.gap, bin: bins.find((b) => b.sku === g.sku)?.bin ?? null });
        const fields = catalog.find((c) => c.sku === g.sku)?.fields ?? [];
        const steps = Object.entries(line.customization ?? {}).filter(([, v]) => v.trim() !== '');
        newSteps.push(...steps.map(([kind, value]) => ({ id: ctx.newId(), fulfillmentOrderId: foId, fulfillmentLineId: flId, kind, label: fields.find((f) => f.key === kind)?.label ?? kind, values: { [kind]: value } })));
      }
      lines.push({ orderLineId: line.id, sku: g.sku, quantity: g.gap });
    }
    if (newLines.length) await tx.insert(fulfillmentLines).values(newLines);
    if (newSteps.length) await tx.insert(fulfillmentWorkSteps).values(newSteps);
    // A fulfillment order inserted just now already carries `at`.
    if (openFo) await tx.update(fulfillmentOrders).set({ updatedAt: at }).where(eq(fulfillmentOrders.id, foId));
    const payload = { fulfillmentOrderId: foId, number, orderId, orderNumber: order.number, locationCode, type, lines };
    const event = openFo ? fulfillmentLinesAdded : fulfillmentCreated;
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(event, foId, payload)]);
    await recordAudit(tx, { ...ctx, at }, { action: event.type, entityType: 'fulfillment_order', entityId: foId, after: payload });
    out.push({ fulfillmentOrderId: foId, number, locationCode, added: Boolean(openFo) });
  }
  return { orderId, released: out, skipped: null };
}

/** POST /fulfillment/release: the manual release of one order (same rules as the event handler). */
export async function releaseFulfillment(ctx: Ctx, input: { orderId: string }): Promise<ReleaseOutcome> {
  return ctx.db.transaction((tx) => releaseOrderForFulfillment(tx, ctx, input.orderId));
}
