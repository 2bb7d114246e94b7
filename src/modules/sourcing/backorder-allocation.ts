import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { inventoryLevels, orderLines } from '../../platform/db/schema/index.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { levelId } from '../inventory/index.js';
import { sourceOrder } from './source-order.js';
import { newEvent } from '../../platform/events/define.js';
import { sourcingBackordersContinued } from './sourcing.events.js';

/** Orders examined per transaction; a full batch with stock left hands the rest to a follow-up event. */
export const BACKORDER_BATCH = 100;

/**
 * Emitted by the stock-received handler, in its own transaction, when it examined a full batch and the
 * location still has stock: the same handler takes it up and continues after `afterOrderId`.
 */
export const BACKORDERS_CONTINUED = sourcingBackordersContinued.type;

export interface BackorderRun {
  sku: string;
  locationCode: string;
  /** Continue with the orders after this one (placement order); absent: from the oldest. */
  afterOrderId?: string | undefined;
}

/**
 * Sources the backordered units of `sku`, oldest orders first (placement time, then order number for
 * orders placed in the same millisecond), while the location that received stock still has some.
 * One batch of at most BACKORDER_BATCH orders per transaction: the batch's order rows are locked up
 * front in that order (every stock handler locks in the same order, and before any inventory row, as
 * every other writer does: order row, then stock), then sourced one by one. When the batch was full
 * and stock is left, a `sourcing.backorders_continued` event (same transaction) continues after the
 * batch's last order; a batch that is not full, or stock used up, ends the chain.
 */
export async function allocateBackorders(tx: Db, ctx: Ctx, run: BackorderRun): Promise<{ examined: number; continued: boolean }> {
  const { sku, locationCode, afterOrderId } = run;
  if ((await availableAt(tx, sku, locationCode)) <= 0) return { examined: 0, continued: false }; // nothing to give: lock nothing
  const after = afterOrderId
    ? sql`and (o.placed_at, length(o.number), o.number) > (select a.placed_at, length(a.number), a.number from orders a where a.id = ${afterOrderId}::uuid)`
    : sql``;
  const batch = await queryRows<{ id: string }>(
    tx,
    sql`select o.id from orders o
        where o.status not in ('cancelled', 'completed')
          and o.id in (select l.order_id from order_lines l where l.sku = ${sku} and l.quantity_backordered > 0)
          ${after}
        order by o.placed_at, length(o.number), o.number
        limit ${BACKORDER_BATCH}
        for update of o`,
  );
  if (batch.length === 0) return { examined: 0, continued: false };
  const waiting = await tx
    .select({ orderId: orderLines.orderId, lineId: orderLines.id })
    .from(orderLines)
    .where(and(inArray(orderLines.orderId, batch.map((b) => b.id)), eq(orderLines.sku, sku), gt(orderLines.quantityBackordered, 0)));
  for (const { id } of batch) {
    if ((await availableAt(tx, sku, locationCode)) <= 0) return { examined: batch.length, continued: false };
    const lineIds = waiting.filter((w) => w.orderId === id).map((w) => w.lineId);
    if (lineIds.length) await sourceOrder(tx, ctx, { orderId: id, reason: 'stock_received', lineIds });
  }
  if (batch.length < BACKORDER_BATCH || (await availableAt(tx, sku, locationCode)) <= 0) return { examined: batch.length, continued: false };
  const last = batch.at(-1)!.id;
  await enqueueEvents(tx, { ...ctx, at: ctx.clock.now() }, [
    newEvent(sourcingBackordersContinued, levelId(sku, locationCode), { sku, locationCode, afterOrderId: last, examined: batch.length }),
  ]);
  return { examined: batch.length, continued: true };
}

async function availableAt(tx: Db, sku: string, locationCode: string): Promise<number> {
  const [lvl] = await tx
    .select({ available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved} - ${inventoryLevels.safetyStock})::int` })
    .from(inventoryLevels)
    .where(and(eq(inventoryLevels.sku, sku), eq(inventoryLevels.locationCode, locationCode)));
  return lvl ? Number(lvl.available) : 0;
}
