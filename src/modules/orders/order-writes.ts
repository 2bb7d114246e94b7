import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orderHolds, orderLines, orders, type HoldType } from '../../platform/db/schema/index.js';
import type { HoldRow } from './orders.repository.js';

/**
 * The writes of orders, order_lines and order_holds that other modules and flows need, inside their
 * own transaction (`tx`). The orders module owns these tables (src/platform/db/table-owners.ts):
 * nothing else writes them; `npm run lint:deps` checks it. Status changes go through
 * `writeStatus` (orders.repository.ts) after the state table allowed them.
 */

/** Stores new quantity buckets of a line, computed by the caller with domain/orders/line-quantities. */
export async function setLineQuantities(
  tx: Db,
  lineId: string,
  q: { cancelled?: number; pending?: number; backordered?: number; allocated?: number; locationCode?: string | null },
): Promise<void> {
  await tx
    .update(orderLines)
    .set({
      ...(q.cancelled !== undefined ? { quantityCancelled: q.cancelled } : {}),
      ...(q.pending !== undefined ? { quantityPending: q.pending } : {}),
      ...(q.backordered !== undefined ? { quantityBackordered: q.backordered } : {}),
      ...(q.allocated !== undefined ? { quantityAllocated: q.allocated } : {}),
      ...(q.locationCode !== undefined ? { locationCode: q.locationCode } : {}),
    })
    .where(eq(orderLines.id, lineId));
}

/**
 * Moves `quantity` allocated units of a line to backordered (given back to sourcing) or shipped (and
 * delivered too, for a store pickup) in one conditional update. False when fewer are allocated.
 */
export async function moveAllocatedUnits(
  tx: Db,
  input: { lineId: string; quantity: number; to: 'backordered' | 'shipped'; delivered?: boolean },
): Promise<boolean> {
  const n = input.quantity;
  const ok = await tx
    .update(orderLines)
    .set({
      quantityAllocated: sql`${orderLines.quantityAllocated} - ${n}`,
      ...(input.to === 'backordered'
        ? { quantityBackordered: sql`${orderLines.quantityBackordered} + ${n}` }
        : { quantityShipped: sql`${orderLines.quantityShipped} + ${n}` }),
      ...(input.to === 'shipped' && input.delivered ? { quantityDelivered: sql`${orderLines.quantityDelivered} + ${n}` } : {}),
    })
    .where(and(eq(orderLines.id, input.lineId), sql`${orderLines.quantityAllocated} >= ${n}`))
    .returning({ id: orderLines.id });
  return ok.length > 0;
}

/** Counts `quantity` shipped units of a line as delivered (never more than were shipped). */
export async function deliverShippedUnits(tx: Db, lineId: string, quantity: number): Promise<void> {
  await tx
    .update(orderLines)
    .set({ quantityDelivered: sql`least(${orderLines.quantityDelivered} + ${quantity}, ${orderLines.quantityShipped})` })
    .where(eq(orderLines.id, lineId));
}

/** Marks the order changed (updated_at) when only its lines or holds changed. */
export async function touchOrder(tx: Db, orderId: string, at: Date): Promise<void> {
  await tx.update(orders).set({ updatedAt: at }).where(eq(orders.id, orderId));
}

/** Inserts a hold (the caller checked there is no active one of its type) and touches the order. */
export async function insertHold(
  tx: Db,
  h: { id: string; orderId: string; type: HoldType; reason: string; owner: string; placedAt: Date },
): Promise<HoldRow> {
  const [hold] = await tx.insert(orderHolds).values(h).returning();
  await touchOrder(tx, h.orderId, h.placedAt);
  return hold!;
}

/**
 * Releases active holds in one conditional update: one hold by id, or every active hold of a type on
 * an order. Returns the holds it released (none when another writer released them first).
 */
export async function releaseHolds(
  tx: Db,
  which: { holdId: string } | { orderId: string; type: HoldType },
  release: { at: Date; by: string; reason: string },
): Promise<HoldRow[]> {
  const match = 'holdId' in which ? eq(orderHolds.id, which.holdId) : and(eq(orderHolds.orderId, which.orderId), eq(orderHolds.type, which.type));
  return tx
    .update(orderHolds)
    .set({ releasedAt: release.at, releasedBy: release.by, releaseReason: release.reason })
    .where(and(match, isNull(orderHolds.releasedAt)))
    .returning();
}
