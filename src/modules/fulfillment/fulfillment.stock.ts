import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orders } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { applyMovement, takeReservations, type TakeInput } from '../inventory/index.js';
import { moveAllocatedUnits } from '../orders/index.js';

/**
 * Gives `quantity` units of an order line back to sourcing: releases them at this location and moves
 * them allocated -> backordered on the line (the caller holds the order row locked).
 */
export async function returnToSourcing(tx: Db, input: TakeInput, newId: () => string): Promise<void> {
  await takeReservations(tx, input, 'released', newId);
  const ok = await moveAllocatedUnits(tx, { lineId: input.orderLineId, quantity: input.quantity, to: 'backordered' });
  if (!ok) throw new AppError('conflict', `Order line of ${input.sku} has fewer than ${input.quantity} allocated units`);
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
  const ok = await moveAllocatedUnits(tx, { lineId: input.orderLineId, quantity: input.quantity, to: 'shipped', delivered: input.delivered });
  if (!ok) throw new AppError('conflict', `Order line of ${input.sku} has fewer than ${input.quantity} allocated units`);
}

/**
 * Locks the order of a fulfillment order first (the order → fulfillment order lock order every
 * writer follows, like cancelOrder which locks the order), so cancellation and fulfillment serialise.
 */
export async function lockOrderOf(tx: Db, orderId: string): Promise<void> {
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for('update');
}
