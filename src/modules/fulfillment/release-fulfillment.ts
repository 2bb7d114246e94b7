import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentLines, fulfillmentOrders, fulfillmentWorkSteps, inventoryLevels, orderHolds, orderLines, orders, products } from '../../platform/db/schema/index.js';
import { recordAudits, type AuditEntry } from '../../platform/audit.js';
import { enqueueEvents, type NewEvent } from '../../platform/outbox/outbox.js';
import { queryRows } from '../../platform/db/query.js';
import { notFound } from '../../platform/errors.js';
import { activeFulfillmentStatuses } from '../../domain/fulfillment/fulfillment-states.js';
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
  return (await releaseOrdersForFulfillment(tx, ctx, [orderId]))[0]!;
}

/**
 * `releaseOrderForFulfillment` for several orders with the same statements whatever their number (the
 * release handler's batch): orders locked in id order, one read each for holds, gaps, lines, catalog,
 * open fulfillment orders and bins, one INSERT each for fulfillment orders, lines, work steps, events
 * and audit rows. Outcomes in the order of `orderIds`; an order that does not exist fails the call.
 */
export async function releaseOrdersForFulfillment(tx: Db, ctx: Ctx, orderIds: string[]): Promise<ReleaseOutcome[]> {
  const at = ctx.clock.now();
  const ids = [...new Set(orderIds)].sort();
  const locked = ids.length ? await tx.select().from(orders).where(inArray(orders.id, ids)).orderBy(asc(orders.id)).for('update') : [];
  const orderOf = new Map(locked.map((o) => [o.id, o]));
  const outcomes = new Map<string, ReleaseOutcome>();
  for (const id of ids) {
    const o = orderOf.get(id);
    if (!o) throw notFound('Order', id);
    if (!(releasableOrderStatuses as readonly string[]).includes(o.status)) outcomes.set(id, { orderId: id, released: [], skipped: `order is ${o.status}` });
  }
  const candidates = ids.filter((id) => !outcomes.has(id));
  const held = candidates.length
    ? await tx.selectDistinct({ orderId: orderHolds.orderId }).from(orderHolds).where(and(inArray(orderHolds.orderId, candidates), sql`${orderHolds.releasedAt} is null`))
    : [];
  for (const h of held) outcomes.set(h.orderId, { orderId: h.orderId, released: [], skipped: 'order has an active hold' });
  const ready = candidates.filter((id) => !outcomes.has(id));

  // Allocated units per (order, line, location) minus what active fulfillment orders already hold.
  const gaps = ready.length
    ? await queryRows<{ order_id: string; order_line_id: string; location_code: string; sku: string; gap: number }>(
        tx,
        sql`
    with held as (
      select order_id, order_line_id, location_code, sku, sum(quantity)::int q from reservations
      where order_id = any(${sql.param(ready)}::uuid[]) and state = 'allocated' group by order_id, order_line_id, location_code, sku),
    covered as (
      select fl.order_line_id, fo.location_code, sum(fl.quantity - fl.short)::int q
      from fulfillment_lines fl join fulfillment_orders fo on fo.id = fl.fulfillment_order_id
      where fo.order_id = any(${sql.param(ready)}::uuid[]) and fo.status in (${sql.join(activeFulfillmentStatuses.map((s) => sql`${s}`), sql`, `)})
      group by fl.order_line_id, fo.location_code)
    select h.order_id, h.order_line_id, h.location_code, h.sku, (h.q - coalesce(c.q, 0))::int gap
    from held h left join covered c on c.order_line_id = h.order_line_id and c.location_code = h.location_code
    where h.q > coalesce(c.q, 0)
    order by h.order_id, h.location_code, h.order_line_id`,
      )
    : [];
  for (const id of ready) if (!gaps.some((g) => g.order_id === id)) outcomes.set(id, { orderId: id, released: [], skipped: null });
  if (gaps.length === 0) return orderIds.map((id) => outcomes.get(id)!);

  const gapOrders = [...new Set(gaps.map((g) => g.order_id))];
  const lineRows = await tx.select().from(orderLines).where(inArray(orderLines.id, [...new Set(gaps.map((g) => g.order_line_id))]));
  const skus = [...new Set(gaps.map((g) => g.sku))];
  const catalog = await tx.select({ sku: products.sku, fields: products.customizationFields }).from(products).where(inArray(products.sku, skus));
  const openFos = await tx
    .select()
    .from(fulfillmentOrders)
    .where(and(inArray(fulfillmentOrders.orderId, gapOrders), eq(fulfillmentOrders.status, 'open')))
    .orderBy(asc(fulfillmentOrders.id))
    .for('update');
  const locs = [...new Set(gaps.map((g) => g.location_code))];
  const bins = await tx
    .select({ sku: inventoryLevels.sku, locationCode: inventoryLevels.locationCode, bin: inventoryLevels.bin })
    .from(inventoryLevels)
    .where(and(inArray(inventoryLevels.locationCode, locs), inArray(inventoryLevels.sku, skus)));
  const binOf = new Map(bins.map((b) => [`${b.locationCode}|${b.sku}`, b.bin]));

  // One group per (order, location), in the gaps' order.
  const groups = new Map<string, typeof gaps>();
  for (const g of gaps) {
    const key = `${g.order_id}|${g.location_code}`;
    groups.set(key, [...(groups.get(key) ?? []), g]);
  }
  const openOf = new Map<string, (typeof openFos)[number]>();
  for (const fo of openFos) if (!openOf.has(`${fo.orderId}|${fo.locationCode}`)) openOf.set(`${fo.orderId}|${fo.locationCode}`, fo);
  const fresh = [...groups.keys()].filter((k) => !openOf.has(k)).length;
  const numbers = fresh
    ? (await queryRows<{ n: string }>(tx, sql`select nextval('fulfillment_number_seq')::text as n from generate_series(1, ${fresh}::int)`)).map((r) => Number(r.n)).sort((a, b) => a - b)
    : [];
  const openLines = openOf.size
    ? await tx.select().from(fulfillmentLines).where(inArray(fulfillmentLines.fulfillmentOrderId, [...openOf.values()].map((f) => f.id)))
    : [];

  const newFos: Array<typeof fulfillmentOrders.$inferInsert> = [];
  const newLines: Array<typeof fulfillmentLines.$inferInsert> = [];
  const newSteps: Array<typeof fulfillmentWorkSteps.$inferInsert> = [];
  const events: NewEvent[] = [];
  const audits: AuditEntry[] = [];
  for (const [key, locGaps] of groups) {
    const order = orderOf.get(locGaps[0]!.order_id)!;
    const locationCode = locGaps[0]!.location_code;
    const openFo = openOf.get(key);
    const foId = openFo?.id ?? ctx.newId();
    const number = openFo?.number ?? `FO-${String(numbers.shift()).padStart(6, '0')}`;
    const type: 'pickup' | 'ship' = order.deliveryMethod === 'pickup' && order.pickupLocationCode === locationCode ? 'pickup' : 'ship';
    if (!openFo) newFos.push({ id: foId, number, orderId: order.id, locationCode, type, status: 'open', createdAt: at, updatedAt: at });
    const lines: Array<{ orderLineId: string; sku: string; quantity: number }> = [];
    for (const g of locGaps) {
      const line = lineRows.find((l) => l.id === g.order_line_id)!;
      const existing = openFo ? openLines.find((l) => l.fulfillmentOrderId === foId && l.orderLineId === line.id) : undefined;
      if (existing) {
        await tx.update(fulfillmentLines).set({ quantity: existing.quantity + g.gap }).where(eq(fulfillmentLines.id, existing.id));
      } else {
        const flId = ctx.newId();
        newLines.push({ id: flId, fulfillmentOrderId: foId, orderLineId: line.id, sku: g.sku, quantity: g.gap, bin: binOf.get(`${locationCode}|${g.sku}`) ?? null });
        const fields = catalog.find((c) => c.sku === g.sku)?.fields ?? [];
        const steps = Object.entries(line.customization ?? {}).filter(([, v]) => v.trim() !== '');
        newSteps.push(...steps.map(([kind, value]) => ({ id: ctx.newId(), fulfillmentOrderId: foId, fulfillmentLineId: flId, kind, label: fields.find((f) => f.key === kind)?.label ?? kind, values: { [kind]: value } })));
      }
      lines.push({ orderLineId: line.id, sku: g.sku, quantity: g.gap });
    }
    // A fulfillment order inserted just now already carries `at`.
    if (openFo) await tx.update(fulfillmentOrders).set({ updatedAt: at }).where(eq(fulfillmentOrders.id, foId));
    const payload = { fulfillmentOrderId: foId, number, orderId: order.id, orderNumber: order.number, locationCode, type, lines };
    const event = openFo ? fulfillmentLinesAdded : fulfillmentCreated;
    events.push(newEvent(event, foId, payload));
    audits.push({ action: event.type, entityType: 'fulfillment_order', entityId: foId, after: payload });
    const outcome = outcomes.get(order.id) ?? { orderId: order.id, released: [], skipped: null };
    outcome.released.push({ fulfillmentOrderId: foId, number, locationCode, added: Boolean(openFo) });
    outcomes.set(order.id, outcome);
  }
  if (newFos.length) await tx.insert(fulfillmentOrders).values(newFos);
  // A batch releases hundreds of lines: one array parameter per column instead of six parameters per line.
  if (newLines.length) {
    const col = <T>(f: (l: (typeof newLines)[number]) => T) => sql.param(newLines.map(f));
    await tx.execute(sql`
      insert into fulfillment_lines (id, fulfillment_order_id, order_line_id, sku, quantity, bin)
      select * from unnest(${col((l) => l.id)}::uuid[], ${col((l) => l.fulfillmentOrderId)}::uuid[], ${col((l) => l.orderLineId)}::uuid[],
        ${col((l) => l.sku)}::text[], ${col((l) => l.quantity)}::int[], ${col((l) => l.bin ?? null)}::text[])`);
  }
  if (newSteps.length) await tx.insert(fulfillmentWorkSteps).values(newSteps);
  await enqueueEvents(tx, { ...ctx, at }, events);
  await recordAudits(tx, { ...ctx, at }, audits);
  return orderIds.map((id) => outcomes.get(id)!);
}

/** POST /fulfillment/release: the manual release of one order (same rules as the event handler). */
export async function releaseFulfillment(ctx: Ctx, input: { orderId: string }): Promise<ReleaseOutcome> {
  return ctx.db.transaction((tx) => releaseOrderForFulfillment(tx, ctx, input.orderId));
}
