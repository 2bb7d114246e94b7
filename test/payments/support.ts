import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { orderLines, orders } from '../../src/platform/db/schema/index.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { newEvent } from '../../src/platform/events/define.js';
import { orderShipped } from '../../src/modules/orders/index.js';

/** One warehouse with stock of SKU-A (49.90 EUR) and SKU-B (19.90 EUR), 50 each. */
export async function seedShop(t: TestApp, extra: Array<{ sku: string; amount: number; currency: string }> = []) {
  await makeLocation(t);
  await makeProduct(t, { sku: 'SKU-A', price: { amount: 4990, currency: 'EUR' } });
  await makeProduct(t, { sku: 'SKU-B', price: { amount: 1990, currency: 'EUR' } });
  await receiveStock(t, 'SKU-A', 'BER', 50);
  await receiveStock(t, 'SKU-B', 'BER', 50);
  for (const p of extra) {
    await makeProduct(t, { sku: p.sku, price: { amount: p.amount, currency: p.currency } });
    await receiveStock(t, p.sku, 'BER', 50);
  }
}

export type Pay = { provider: 'sandbox' | 'stripe'; paymentMethod: string; amount?: { amount: number; currency: string } };

let buyers = 0;
export async function placePaid(t: TestApp, lines: Array<{ sku: string; quantity: number; amount?: number }>, payments: Pay[], over: Record<string, unknown> = {}) {
  const prices: Record<string, number> = { 'SKU-A': 4990, 'SKU-B': 1990 };
  const priced = lines.map((l) => ({ ...l, amount: l.amount ?? prices[l.sku] ?? 4990 }));
  // A customer per order: the risk engine (rightly) holds an 11th order from one email within an hour.
  const customer = { email: `buyer-${++buyers}@example.com`, name: 'Ada Lovelace' };
  const res = await t.api('POST', '/api/v1/orders', { ...orderBody(priced), customer, payments, ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function paymentsOf(t: TestApp, orderId: string) {
  const res = await t.api('GET', `/api/v1/orders/${orderId}/payments`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/**
 * What the fulfillment branch does on hand-off to shipping, reduced to what payments read: the
 * quantities move from allocated to shipped on the lines, and `order.shipped` is written to the
 * outbox in the same transaction. Then the handlers run (drain).
 */
export async function ship(t: TestApp, orderId: string, lines: Array<{ lineId: string; quantity: number }>) {
  await t.database.db.transaction(async (tx) => {
    const [o] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    for (const l of lines) {
      await tx
        .update(orderLines)
        .set({ quantityAllocated: sql`${orderLines.quantityAllocated} - ${l.quantity}`, quantityShipped: sql`${orderLines.quantityShipped} + ${l.quantity}` })
        .where(eq(orderLines.id, l.lineId));
    }
    const all = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    const done = all.every((l) => l.quantityShipped + l.quantityCancelled === l.quantityOrdered);
    await tx.update(orders).set({ status: done ? 'shipped' : 'partially_shipped' }).where(eq(orders.id, orderId));
    const byId = new Map(all.map((l) => [l.id, l]));
    await enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at: t.deps.clock.now() }, [
      newEvent(orderShipped, orderId, { orderId, fulfillmentOrderId: t.deps.newId(), locationCode: 'BER', lines: lines.map((l) => ({ orderLineId: l.lineId, sku: byId.get(l.lineId)!.sku, quantity: l.quantity })) }),
    ]);
    expect(o).toBeDefined();
  });
  await t.drain();
}
