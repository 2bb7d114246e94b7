import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { requireTransition, setFulfillmentStatus, type LoadedFulfillment } from './fulfillment.repository.js';
import { shipFromLocation } from './fulfillment.stock.js';
import { advanceOrder, orderLineFacts, statusAfterShipment } from './order-progress.js';
import { inFulfillmentTx, requireNoActiveHold } from './fulfillment.tx.js';
import { newEvent } from '../../platform/events/define.js';
import { orderDelivered, orderShipped } from '../orders/index.js';

/**
 * The units leave the location: reservations consumed, on_hand and reserved drop with 'shipment'
 * ledger movements, order lines allocated -> shipped (and delivered for a pickup), order status
 * derived from the lines, `order.shipped` per the team contract. Caller holds the locks.
 */
export async function shipInTx(tx: Db, ctx: Ctx, f: LoadedFulfillment, at: Date, opts: { delivered: boolean }) {
  await requireNoActiveHold(tx, f, opts.delivered ? 'handing it to the customer' : 'handing it to shipping');
  const lines = f.lines.filter((l) => l.picked > 0).sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.lineNo - b.lineNo));
  for (const l of lines) {
    await shipFromLocation(
      tx,
      { orderLineId: l.orderLineId, sku: l.sku, locationCode: f.fo.locationCode, quantity: l.picked, at, fulfillmentOrderId: f.fo.id, fulfillmentNumber: f.fo.number, actor: actorLabel(ctx.actor), delivered: opts.delivered },
      ctx.newId,
    );
  }
  const facts = await orderLineFacts(tx, f.fo.orderId);
  const status = await advanceOrder(tx, ctx, { orderId: f.fo.orderId, steps: statusAfterShipment(facts), reason: `${f.fo.number} ${opts.delivered ? 'picked up' : 'handed to shipping'}`, at });
  const shipped = lines.map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, quantity: l.picked }));
  const events = [
    newEvent(orderShipped, f.fo.orderId, { orderId: f.fo.orderId, fulfillmentOrderId: f.fo.id, locationCode: f.fo.locationCode, lines: shipped }),
  ];
  if (opts.delivered) {
    events.push(newEvent(orderDelivered, f.fo.orderId, { orderId: f.fo.orderId, fulfillmentOrderId: f.fo.id, locationCode: f.fo.locationCode, lines: shipped }));
  }
  await enqueueEvents(tx, { ...ctx, at }, events);
  return { status, shipped };
}

/** packed -> handed_off for a ship fulfillment order (store pickups are collected instead). */
export async function handOff(ctx: Ctx, id: string) {
  return (
    await inFulfillmentTx(ctx, id, async (tx, f, at) => {
      if (f.fo.type !== 'ship') throw new AppError('business_rule', `${f.fo.number} is a store pickup: mark it ready for pickup instead`, { reason: 'pickup_order' });
      requireTransition(f.fo, 'handed_off', 'be handed to shipping');
      const { status, shipped } = await shipInTx(tx, ctx, f, at, { delivered: false });
      await setFulfillmentStatus(tx, f.fo, 'handed_off', at);
      await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.handed_off', entityType: 'fulfillment_order', entityId: f.fo.id, before: { status: f.fo.status }, after: { status: 'handed_off', orderStatus: status, lines: shipped } });
    })
  ).json;
}
