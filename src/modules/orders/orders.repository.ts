import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orderHolds, orderLines, orderStatusHistory, orders, reservations } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { canTransition, type OrderStatus } from '../../domain/orders/order-states.js';
import type { LineQuantities } from '../../domain/orders/line-quantities.js';
import type { OrderJson } from './orders.schemas.js';
import { orderAdjustments } from '../../domain/orders/order-adjustments.js';
// Direct file import (not the payments index): payments imports this module's index.
import { refundedTotal, refundedTotals } from './order-refunds.js';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type HoldRow = typeof orderHolds.$inferSelect;

export const lineQuantities = (l: OrderLineRow): LineQuantities => ({
  ordered: l.quantityOrdered,
  cancelled: l.quantityCancelled,
  pending: l.quantityPending,
  backordered: l.quantityBackordered,
  allocated: l.quantityAllocated,
  shipped: l.quantityShipped,
  delivered: l.quantityDelivered,
  returned: l.quantityReturned,
});

export const holdJson = (h: HoldRow) => ({
  id: h.id,
  type: h.type,
  reason: h.reason,
  owner: h.owner,
  placedAt: h.placedAt.toISOString(),
  releasedAt: h.releasedAt?.toISOString() ?? null,
  releasedBy: h.releasedBy,
  releaseReason: h.releaseReason,
});

/** An allocated reservation of an order line (one per line and location). */
export interface LineAllocation {
  orderLineId: string;
  locationCode: string;
  quantity: number;
}

/** The allocated reservations of an order (where each line's allocated units are held). */
export async function loadAllocations(db: Db, orderId: string): Promise<LineAllocation[]> {
  const rows = await db
    .select({ orderLineId: reservations.orderLineId, locationCode: reservations.locationCode, quantity: reservations.quantity })
    .from(reservations)
    .where(and(eq(reservations.orderId, orderId), eq(reservations.state, 'allocated')))
    .orderBy(asc(reservations.locationCode));
  return rows.map((r) => ({ orderLineId: r.orderLineId!, locationCode: r.locationCode, quantity: r.quantity }));
}

const lineAllocations = (lineId: string, all: readonly LineAllocation[]) => {
  const by = new Map<string, number>();
  for (const a of all) if (a.orderLineId === lineId) by.set(a.locationCode, (by.get(a.locationCode) ?? 0) + a.quantity);
  return [...by].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([locationCode, quantity]) => ({ locationCode, quantity }));
};

/** Cancelled, returned and refunded amounts and the net total of an order (pure over its rows). */
export function adjustmentsOf(o: OrderRow, lines: OrderLineRow[], refunded: bigint) {
  return orderAdjustments(
    {
      currency: o.currency,
      total: o.totalAmount,
      shipping: o.shippingAmount,
      tax: o.taxAmount,
      discount: o.discountAmount,
      lines: lines.map((l) => ({ id: l.id, lineTotal: l.lineTotalAmount, ordered: l.quantityOrdered, cancelled: l.quantityCancelled, shipped: l.quantityShipped, returned: l.quantityReturned })),
    },
    refunded,
  );
}

/** `refunded`: the order's refunds so far (getOrderJson reads them; use cases that change no payment pass none = 0). */
export function toOrderJson(o: OrderRow, lines: OrderLineRow[], holds: HoldRow[], allocations: readonly LineAllocation[], refunded = 0n): OrderJson {
  const m = (amount: bigint) => moneyJson({ amount, currency: o.currency });
  const adj = adjustmentsOf(o, lines, refunded);
  return {
    id: o.id,
    number: o.number,
    status: o.status as OrderStatus,
    channel: o.channel,
    externalId: o.externalId,
    customer: { id: o.customerId, email: o.email, name: o.customerName },
    shippingAddress: o.shippingAddress as unknown as Record<string, unknown>,
    billingAddress: (o.billingAddress as unknown as Record<string, unknown>) ?? null,
    currency: o.currency,
    inventoryPolicy: o.inventoryPolicy as OrderJson['inventoryPolicy'],
    delivery: o.deliveryMethod === 'pickup' ? { method: 'pickup', locationCode: o.pickupLocationCode! } : { method: 'ship' },
    lines: [...lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        id: l.id,
        lineNo: l.lineNo,
        sku: l.sku,
        name: l.name,
        quantity: l.quantityOrdered,
        unitPrice: m(l.unitPriceAmount),
        lineTotal: m(l.lineTotalAmount),
        customization: l.customization,
        locationCode: l.locationCode,
        allocations: lineAllocations(l.id, allocations),
        quantities: lineQuantities(l),
      })),
    totals: {
      subtotal: m(o.subtotalAmount),
      shipping: m(o.shippingAmount),
      discount: m(o.discountAmount),
      tax: m(o.taxAmount),
      total: m(o.totalAmount),
      cancelled: m(adj.cancelled),
      returned: m(adj.returned),
      refunded: m(adj.refunded),
      net: m(adj.net),
    },
    holds: holds.map(holdJson),
    note: o.note,
    locale: o.locale,
    placedAt: o.placedAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

/** Loads an order with its lines and holds; `lock` takes the order row FOR UPDATE (serialises changes to one order). */
export async function loadOrder(db: Db, id: string, opts: { lock?: boolean } = {}) {
  const q = db.select().from(orders).where(eq(orders.id, id));
  const [order] = opts.lock ? await q.for('update') : await q;
  if (!order) throw notFound('Order', id);
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.lineNo));
  const holds = await db.select().from(orderHolds).where(eq(orderHolds.orderId, id)).orderBy(asc(orderHolds.placedAt));
  const allocations = await loadAllocations(db, id);
  return { order, lines, holds, allocations };
}

export async function getOrderJson(db: Db, id: string): Promise<OrderJson> {
  const { order, lines, holds, allocations } = await loadOrder(db, id);
  return toOrderJson(order, lines, holds, allocations, await refundedTotal(db, id));
}

/**
 * Several orders as `getOrderJson` returns each, in five statements whatever their number (for event
 * handlers working through a batch). Orders that do not exist are missing from the map.
 */
export async function getOrderJsons(db: Db, ids: string[]): Promise<Map<string, OrderJson>> {
  const out = new Map<string, OrderJson>();
  if (ids.length === 0) return out;
  const found = await db.select().from(orders).where(inArray(orders.id, ids));
  const lines = await db.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
  const holds = await db.select().from(orderHolds).where(inArray(orderHolds.orderId, ids)).orderBy(asc(orderHolds.placedAt));
  const allocations = await db
    .select({ orderId: reservations.orderId, orderLineId: reservations.orderLineId, locationCode: reservations.locationCode, quantity: reservations.quantity })
    .from(reservations)
    .where(and(inArray(reservations.orderId, ids), eq(reservations.state, 'allocated')))
    .orderBy(asc(reservations.locationCode));
  const refunded = await refundedTotals(db, ids);
  const group = <T>(rows: T[], key: (r: T) => string | null) => {
    const by = new Map<string, T[]>();
    for (const r of rows) {
      const k = key(r);
      if (k !== null) by.set(k, [...(by.get(k) ?? []), r]);
    }
    return by;
  };
  const linesBy = group(lines, (l) => l.orderId);
  const holdsBy = group(holds, (h) => h.orderId);
  const allocBy = group(allocations, (a) => a.orderId);
  for (const o of found) {
    const allocs = (allocBy.get(o.id) ?? []).map((a) => ({ orderLineId: a.orderLineId!, locationCode: a.locationCode, quantity: a.quantity }));
    out.set(o.id, toOrderJson(o, linesBy.get(o.id) ?? [], holdsBy.get(o.id) ?? [], allocs, refunded.get(o.id) ?? 0n));
  }
  return out;
}

export const activeHoldCount = (holds: HoldRow[]) => holds.filter((h) => h.releasedAt === null).length;

/**
 * The one writer of an order's status: refuses a move the state table (domain/orders/order-states.ts)
 * does not allow, then writes the status and its history row. Hold rules (checkTransition) are the
 * caller's, which knows the holds it locked.
 */
export async function writeStatus(
  tx: Db,
  input: { orderId: string; from: OrderStatus | null; to: OrderStatus; reason?: string | undefined; actor: string; at: Date },
): Promise<void> {
  if (input.from !== null && !canTransition(input.from, input.to)) {
    throw new AppError('illegal_transition', `Order ${input.orderId} cannot go from ${input.from} to ${input.to}`);
  }
  if (input.from !== null) {
    await tx.update(orders).set({ status: input.to, updatedAt: input.at }).where(eq(orders.id, input.orderId));
  }
  await tx.insert(orderStatusHistory).values({
    orderId: input.orderId,
    fromStatus: input.from,
    toStatus: input.to,
    reason: input.reason ?? null,
    actor: input.actor,
    at: input.at,
  });
}

/** The id of the order with this number (e.g. SO-100001), or null: for lookups by what a customer knows. */
export async function findOrderIdByNumber(db: Db, number: string): Promise<string | null> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.number, number.trim().toUpperCase()));
  return row?.id ?? null;
}
