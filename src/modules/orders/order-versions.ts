import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orderLines, orderVersions, orders, type Address } from '../../platform/db/schema/index.js';
import { toJson } from '../../platform/json.js';
import { notFound } from '../../platform/errors.js';
import type { LineQuantities } from '../../domain/orders/line-quantities.js';
import type { OrderEditDiff } from './order-edits.schemas.js';

/**
 * The writes of an order edit (flows/edit-order.ts) and the versions it leaves. The orders module owns
 * orders, order_lines and order_versions; the flow calls these inside its one transaction after it
 * locked the order row (loadOrder with lock), so versions are numbered without gaps or twins.
 */

export type OrderVersionRow = typeof orderVersions.$inferSelect;

/** The current version of an order: 1 as placed, +1 per stored edit. */
export async function currentOrderVersion(db: Db, orderId: string): Promise<number> {
  const [row] = await db.select({ version: orderVersions.version }).from(orderVersions).where(eq(orderVersions.orderId, orderId)).orderBy(desc(orderVersions.version)).limit(1);
  return row?.version ?? 1;
}

export interface RevisedLine {
  id: string;
  orderId: string;
  lineNo: number;
  sku: string;
  name: string;
  unitPriceAmount: bigint;
  lineTotalAmount: bigint;
  customization: Record<string, string>;
  q: LineQuantities;
  added: boolean;
}

/**
 * Stores the edited lines: new quantity buckets and line totals of the existing ones, the added ones
 * inserted (every quantity pending: sourcing allocates them next, in the same transaction).
 */
export async function writeRevisedLines(tx: Db, lines: readonly RevisedLine[]): Promise<void> {
  const added = lines.filter((l) => l.added);
  for (const l of lines.filter((x) => !x.added)) {
    await tx
      .update(orderLines)
      .set({
        quantityOrdered: l.q.ordered,
        quantityCancelled: l.q.cancelled,
        quantityPending: l.q.pending,
        quantityBackordered: l.q.backordered,
        quantityAllocated: l.q.allocated,
        lineTotalAmount: l.lineTotalAmount,
        ...(l.q.allocated === 0 ? { locationCode: null } : {}),
      })
      .where(eq(orderLines.id, l.id));
  }
  if (added.length) {
    await tx.insert(orderLines).values(
      added.map((l) => ({
        id: l.id,
        orderId: l.orderId,
        lineNo: l.lineNo,
        sku: l.sku,
        name: l.name,
        unitPriceAmount: l.unitPriceAmount,
        lineTotalAmount: l.lineTotalAmount,
        customization: l.customization,
        quantityOrdered: l.q.ordered,
        quantityPending: l.q.pending,
      })),
    );
  }
}

/** Stores the order's new totals (and shipping address, when it changed). */
export async function writeRevisedOrder(tx: Db, orderId: string, o: { subtotal: bigint; total: bigint; shippingAddress?: Address | undefined; at: Date }): Promise<void> {
  await tx
    .update(orders)
    .set({ subtotalAmount: o.subtotal, totalAmount: o.total, ...(o.shippingAddress ? { shippingAddress: o.shippingAddress } : {}), updatedAt: o.at })
    .where(eq(orders.id, orderId));
}

export async function insertOrderVersion(
  tx: Db,
  v: { id: string; orderId: string; version: number; actor: string; reason: string | null; operations: unknown[]; diff: Record<string, unknown>; createdAt: Date },
): Promise<void> {
  await tx.insert(orderVersions).values({ ...v, operations: toJson(v.operations) as unknown[], diff: toJson(v.diff) as Record<string, unknown> });
}

export interface OrderVersionJson {
  version: number;
  kind: 'placed' | 'edited';
  createdAt: string;
  actor: string | null;
  reason: string | null;
  operations: unknown[];
  diff: OrderEditDiff | null;
}

/** Every version of an order, oldest first: version 1 as placed, then one per edit with its diff. */
export async function listOrderVersions(db: Db, orderId: string): Promise<{ orderId: string; currentVersion: number; items: OrderVersionJson[] }> {
  const [order] = await db.select({ id: orders.id, placedAt: orders.placedAt }).from(orders).where(eq(orders.id, orderId));
  if (!order) throw notFound('Order', orderId);
  const rows = await db.select().from(orderVersions).where(eq(orderVersions.orderId, orderId)).orderBy(asc(orderVersions.version));
  const items: OrderVersionJson[] = [
    { version: 1, kind: 'placed', createdAt: order.placedAt.toISOString(), actor: null, reason: null, operations: [], diff: null },
    ...rows.map((r) => ({ version: r.version, kind: 'edited' as const, createdAt: r.createdAt.toISOString(), actor: r.actor, reason: r.reason, operations: r.operations, diff: r.diff as unknown as OrderEditDiff })),
  ];
  return { orderId, currentVersion: items[items.length - 1]!.version, items };
}
