import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentLines, fulfillmentOrders, locations, orderHolds, orderLines, orders, pickLists, products } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { buildWave, type WaveLineInput } from '../../domain/fulfillment/pick-walk.js';
import { loadFulfillment, nextPickListNumber } from './fulfillment.repository.js';
import { lockOrderOf } from './fulfillment.stock.js';
import { startPickingInTx } from './start-picking.js';
import { newEvent } from '../../platform/events/define.js';
import { pickListCreated } from './fulfillment.events.js';

export interface CreatePickListInput {
  locationCode: string;
  fulfillmentOrderIds?: string[] | undefined;
  limit?: number | undefined;
}

/**
 * A wave: open fulfillment orders of one location (the named ones, or the oldest `limit`) picked in
 * one walk. Each joins the pick list and starts picking (orders move to processing); orders on hold
 * are left out of an automatic wave and refused when named.
 */
export async function createPickList(ctx: Ctx, input: CreatePickListInput) {
  const at = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    const [loc] = await tx.select({ code: locations.code }).from(locations).where(eq(locations.code, input.locationCode));
    if (!loc) throw new AppError('validation_failed', `Location ${input.locationCode} does not exist`, { errors: [{ path: 'locationCode', message: 'is not a known location' }] });
    const held = sql`exists (select 1 from ${orderHolds} h where h.order_id = ${fulfillmentOrders.orderId} and h.released_at is null)`;
    const base = and(eq(fulfillmentOrders.locationCode, input.locationCode), eq(fulfillmentOrders.status, 'open'), isNull(fulfillmentOrders.pickListId));
    let candidates: Array<{ id: string; orderId: string; number: string; held: boolean }>;
    if (input.fulfillmentOrderIds?.length) {
      candidates = await tx
        .select({ id: fulfillmentOrders.id, orderId: fulfillmentOrders.orderId, number: fulfillmentOrders.number, held: sql<boolean>`${held}` })
        .from(fulfillmentOrders)
        .where(and(base, inArray(fulfillmentOrders.id, input.fulfillmentOrderIds)));
      const errors = input.fulfillmentOrderIds
        .map((fid, i) => {
          const c = candidates.find((x) => x.id === fid);
          return !c ? { path: `fulfillmentOrderIds.${i}`, message: `is not an open fulfillment order at ${input.locationCode} outside a pick list` } : c.held ? { path: `fulfillmentOrderIds.${i}`, message: `order of ${c.number} is on hold` } : null;
        })
        .filter((e): e is { path: string; message: string } => e !== null);
      if (errors.length) throw new AppError('conflict', `Cannot pick ${errors.length} of the named fulfillment orders in a wave`, { errors });
    } else {
      candidates = await tx
        .select({ id: fulfillmentOrders.id, orderId: fulfillmentOrders.orderId, number: fulfillmentOrders.number, held: sql<boolean>`${held}` })
        .from(fulfillmentOrders)
        .where(and(base, sql`not ${held}`))
        .orderBy(asc(fulfillmentOrders.createdAt), asc(fulfillmentOrders.id))
        .limit(input.limit ?? 20);
    }
    if (candidates.length === 0) throw new AppError('conflict', `No open fulfillment orders at ${input.locationCode} to pick`, { reason: 'nothing_to_pick' });
    const pickListId = ctx.newId();
    const number = await nextPickListNumber(tx);
    await tx.insert(pickLists).values({ id: pickListId, number, locationCode: input.locationCode, createdBy: actorLabel(ctx.actor), createdAt: at });
    // Orders in id order, so two waves built at once lock them in the same order.
    for (const c of [...candidates].sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0))) {
      await lockOrderOf(tx, c.orderId);
      const f = await loadFulfillment(tx, c.id, { lock: true });
      if (f.fo.status !== 'open' || f.fo.pickListId) throw new AppError('conflict', `${f.fo.number} was taken meanwhile; try again`);
      await startPickingInTx(tx, ctx, f, at, pickListId);
    }
    const payload = { pickListId, number, locationCode: input.locationCode, fulfillmentOrderIds: candidates.map((c) => c.id) };
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(pickListCreated, pickListId, payload)]);
    await recordAudit(tx, { ...ctx, at }, { action: 'pick_list.created', entityType: 'pick_list', entityId: pickListId, after: payload });
    return pickListId;
  });
  return getPickList(ctx.db, id);
}

/** A pick list with its fulfillment orders and the wave: lines grouped by SKU in bin order. */
export async function getPickList(db: Db, id: string) {
  const [pl] = await db.select().from(pickLists).where(/^[0-9a-f-]{36}$/i.test(id) ? eq(pickLists.id, id) : eq(pickLists.number, id.toUpperCase()));
  if (!pl) throw notFound('Pick list', id);
  const fos = await db
    .select({ id: fulfillmentOrders.id, number: fulfillmentOrders.number, status: fulfillmentOrders.status, orderId: fulfillmentOrders.orderId, orderNumber: orders.number })
    .from(fulfillmentOrders)
    .innerJoin(orders, eq(orders.id, fulfillmentOrders.orderId))
    .where(eq(fulfillmentOrders.pickListId, pl.id))
    .orderBy(asc(fulfillmentOrders.number));
  const rows = fos.length
    ? await db
        .select({ fl: fulfillmentLines, name: orderLines.name, gtin: products.gtin })
        .from(fulfillmentLines)
        .innerJoin(orderLines, eq(orderLines.id, fulfillmentLines.orderLineId))
        .innerJoin(products, eq(products.sku, fulfillmentLines.sku))
        .where(inArray(fulfillmentLines.fulfillmentOrderId, fos.map((f) => f.id)))
    : [];
  const input: WaveLineInput[] = rows.map((r) => {
    const fo = fos.find((f) => f.id === r.fl.fulfillmentOrderId)!;
    return { sku: r.fl.sku, bin: r.fl.bin, name: r.name, gtin: r.gtin, fulfillmentOrderId: fo.id, fulfillmentNumber: fo.number, orderNumber: fo.orderNumber, quantity: r.fl.quantity - r.fl.short, picked: r.fl.picked };
  });
  const waveLines = buildWave(input);
  const done = fos.every((f) => !['open', 'picking'].includes(f.status));
  return {
    id: pl.id,
    number: pl.number,
    locationCode: pl.locationCode,
    createdBy: pl.createdBy,
    createdAt: pl.createdAt.toISOString(),
    status: done ? ('completed' as const) : ('picking' as const),
    fulfillmentOrders: fos,
    lines: waveLines,
  };
}
export type PickListJson = Awaited<ReturnType<typeof getPickList>>;

export async function listPickLists(db: Db, q: { locationCode?: string | undefined; limit: number }) {
  const rows = await db
    .select({ id: pickLists.id })
    .from(pickLists)
    .where(q.locationCode ? eq(pickLists.locationCode, q.locationCode) : undefined)
    .orderBy(sql`${pickLists.createdAt} desc`)
    .limit(q.limit);
  return Promise.all(rows.map((r) => getPickList(db, r.id)));
}
