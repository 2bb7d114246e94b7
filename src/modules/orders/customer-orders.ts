import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orderLines, orders } from '../../platform/db/schema/index.js';
import { adjustmentsOf, type OrderLineRow } from './orders.repository.js';

/**
 * Moves orders from one customer to another (a customer merge or its undo): every order of `from`, or
 * only `orderIds` of them. The order keeps the email and name it was placed with. Returns the ids moved.
 */
export async function reassignCustomerOrders(tx: Db, input: { fromCustomerId: string; toCustomerId: string; orderIds?: readonly string[] }): Promise<string[]> {
  if (input.orderIds && input.orderIds.length === 0) return [];
  const rows = await tx
    .update(orders)
    .set({ customerId: input.toCustomerId })
    .where(and(eq(orders.customerId, input.fromCustomerId), input.orderIds ? inArray(orders.id, [...input.orderIds]) : undefined))
    .returning({ id: orders.id });
  return rows.map((r) => r.id).sort();
}

export interface CurrencyFigures {
  currency: string;
  orderCount: number;
  /** Σ placement totals (minor units). */
  placed: bigint;
  /** Σ net totals (placed − cancelled − returned): the lifetime value in this currency. */
  net: bigint;
}

/**
 * A customer's order count and lifetime value per currency, exact in minor units: each order's net is
 * the same figure its `totals.net` shows (domain/orders/order-adjustments). Currencies are never mixed.
 */
export async function customerOrderFigures(db: Db, customerId: string): Promise<CurrencyFigures[]> {
  const os = await db.select().from(orders).where(eq(orders.customerId, customerId)).orderBy(asc(orders.placedAt), asc(orders.id));
  if (os.length === 0) return [];
  const lines = await db.select().from(orderLines).where(inArray(orderLines.orderId, os.map((o) => o.id)));
  const byOrder = new Map<string, OrderLineRow[]>();
  for (const l of lines) byOrder.set(l.orderId, [...(byOrder.get(l.orderId) ?? []), l]);
  const figures = new Map<string, CurrencyFigures>();
  for (const o of os) {
    const f = figures.get(o.currency) ?? { currency: o.currency, orderCount: 0, placed: 0n, net: 0n };
    f.orderCount += 1;
    f.placed += o.totalAmount;
    f.net += adjustmentsOf(o, byOrder.get(o.id) ?? [], 0n).net;
    figures.set(o.currency, f);
  }
  return [...figures.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
