import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orderLines, orders, reservations } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { applyMovement, changeReserved } from '../inventory/index.js';

export interface TakeInput {
  orderLineId: string;
  sku: string;
  locationCode: string;
  quantity: number;
  at: Date;
}

/**
 * Takes `quantity` units out of the allocated reservations of one order line at ONE location
 * (unlike releaseLineAllocation, which walks every location of the line). A fully taken row moves to
 * `to`; a partly taken one shrinks and, for consumption, the taken part is kept as its own consumed
 * row so the history stays. The level's reserved count drops by the same amount. Throws when the
 * line holds fewer units there (the fulfillment order and the reservations disagree).
 */
export async function takeReservations(tx: Db, input: TakeInput, to: 'released' | 'consumed', newId: () => string): Promise<void> {
  if (input.quantity <= 0) return;
  const held = await tx
    .select()
    .from(reservations)
    .where(and(eq(reservations.orderLineId, input.orderLineId), eq(reservations.locationCode, input.locationCode), eq(reservations.state, 'allocated')))
    .orderBy(asc(reservations.createdAt), asc(reservations.id))
    .for('update');
  const total = held.reduce((s, r) => s + r.quantity, 0);
  if (total < input.quantity) {
    throw new AppError('conflict', `Only ${total} of ${input.sku} are still reserved for this line at ${input.locationCode}, not ${input.quantity}; the order changed (cancelled?)`);
  }
  let left = input.quantity;
  for (const r of held) {
    if (left === 0) break;
    const n = Math.min(left, r.quantity);
    left -= n;
    if (n === r.quantity) {
      await tx.update(reservations).set({ state: to, updatedAt: input.at }).where(eq(reservations.id, r.id));
    } else {
      await tx.update(reservations).set({ quantity: r.quantity - n, updatedAt: input.at }).where(eq(reservations.id, r.id));
      if (to === 'consumed') {
        await tx.insert(reservations).values({ ...r, id: newId(), quantity: n, state: 'consumed', createdAt: input.at, updatedAt: input.at });
      }
    }
  }
  if (!(await changeReserved(tx, input, -input.quantity, input.at))) {
    throw new AppError('internal', `Reserved count of ${input.sku} at ${input.locationCode} is below its reservations`);
  }
}

/**
 * Gives `quantity` units of an order line back to sourcing: releases them at this location and moves
 * them allocated -> backordered on the line (the caller holds the order row locked).
 */
export async function returnToSourcing(tx: Db, input: TakeInput, newId: () => string): Promise<void> {
  await takeReservations(tx, input, 'released', newId);
  const ok = await tx
    .update(orderLines)
    .set({
      quantityAllocated: sql`${orderLines.quantityAllocated} - ${input.quantity}`,
      quantityBackordered: sql`${orderLines.quantityBackordered} + ${input.quantity}`,
    })
    .where(and(eq(orderLines.id, input.orderLineId), sql`${orderLines.quantityAllocated} >= ${input.quantity}`))
    .returning({ id: orderLines.id });
  if (!ok.length) throw new AppError('conflict', `Order line of ${input.sku} has fewer than ${input.quantity} allocated units`);
}

/**
 * Ships `quantity` units of an order line from this location: consumes the reservations, removes
 * the units from on_hand with a 'shipment' ledger movement referencing the fulfillment order, and
 * moves the line allocated -> shipped (and delivered too for a store pickup).
 */
export async function shipFromLocation(
  tx: Db,
  input: TakeInput & { fulfillmentOrderId: string; fulfillmentNumber: string; actor: string; delivered: boolean },
  newId: () => string,
): Promise<void> {
  if (input.quantity <= 0) return;
  await takeReservations(tx, input, 'consumed', newId);
  await applyMovement(tx, {
    sku: input.sku,
    locationCode: input.locationCode,
    delta: -input.quantity,
    reason: 'shipment',
    referenceType: 'fulfillment_order',
    referenceId: input.fulfillmentOrderId,
    note: input.fulfillmentNumber,
    actor: input.actor,
    at: input.at,
  });
  const ok = await tx
    .update(orderLines)
    .set({
      quantityAllocated: sql`${orderLines.quantityAllocated} - ${input.quantity}`,
      quantityShipped: sql`${orderLines.quantityShipped} + ${input.quantity}`,
      ...(input.delivered ? { quantityDelivered: sql`${orderLines.quantityDelivered} + ${input.quantity}` } : {}),
    })
    .where(and(eq(orderLines.id, input.orderLineId), sql`${orderLines.quantityAllocated} >= ${input.quantity}`))
    .returning({ id: orderLines.id });
  if (!ok.length) throw new AppError('conflict', `Order line of ${input.sku} has fewer than ${input.quantity} allocated units`);
}

/**
 * Locks the order of a fulfillment order first (the order → fulfillment order lock order every
 * writer follows, like cancelOrder which locks the order), so cancellation and fulfillment serialise.
 */
export async function lockOrderOf(tx: Db, orderId: string): Promise<void> {
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for('update');
}
