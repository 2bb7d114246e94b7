import { and, desc, eq, gt, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentLines, fulfillmentOrders, orders, shipmentParcels, shipments, trackingEvents, trackingUpdates } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents, type NewEvent } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { checkTransition, type OrderStatus } from '../../domain/orders/order-states.js';
import { isLate, type TrackingUpdate } from '../../domain/shipping/tracking-events.js';
import { shipmentPath, type ShipmentStatus } from '../../domain/shipping/shipment-states.js';
import { activeHoldCount, deliverShippedUnits, lineQuantities, loadOrder, writeStatus } from '../orders/index.js';
// The fulfillment hand-off use case (consumes stock, ships the order lines); not re-exported by its index.
import { handOff } from '../fulfillment/index.js';
import type { z } from 'zod';
import { newEvent, type EventDefinition } from '../../platform/events/define.js';
import { shipmentDelayed, shipmentDelivered, shipmentException, shipmentHandedOff, shipmentTrackingUpdated } from './shipping.events.js';
import { orderDelivered, orderStatusChanged } from '../orders/index.js';
import { setShipmentStatus } from './shipment-status.js';

export type TrackingOutcome = 'applied' | 'duplicate' | 'unknown' | 'ignored';
/**
 * Where an update came from: an aggregator's webhook, or `built_in` — scans of a built-in (table-rate)
 * carrier's parcel reported in-process (the demo seed's simulated carrier; built-in carriers have no feed).
 */
export type TrackingSource = 'easypost' | 'shippo' | 'built_in';

async function findShipment(db: Db, trackingNumber: string) {
  const [hit] = await db
    .select({ id: shipments.id, orderId: shipments.orderId, status: shipments.status, fulfillmentOrderId: shipments.fulfillmentOrderId })
    .from(shipmentParcels)
    .innerJoin(shipments, eq(shipments.id, shipmentParcels.shipmentId))
    .where(and(eq(shipmentParcels.trackingNumber, trackingNumber.toUpperCase()), ne(shipments.status, 'voided')))
    .orderBy(desc(shipments.createdAt))
    .limit(1);
  return hit;
}

/**
 * Applies one carrier tracking update (already verified and parsed): appends new scans to the
 * shipment's timeline, moves the shipment to the carrier's current status along its table, and on
 * delivery stores the proof and delivers the order lines (order → delivered when every shipped unit
 * is). A carrier scan on a parcel still packed proves it left: the fulfillment hand-off runs first.
 * The same update twice is acknowledged and ignored.
 */
export async function applyTrackingUpdate(ctx: Ctx, provider: TrackingSource, u: TrackingUpdate, log?: (msg: string, data: object) => void): Promise<{ outcome: TrackingOutcome; shipment?: string }> {
  const hit = await findShipment(ctx.db, u.trackingNumber);
  if (!hit) {
    log?.('tracking update for an unknown tracking number ignored', { provider, trackingNumber: u.trackingNumber, updateId: u.updateId });
    return { outcome: 'unknown' };
  }
  if (hit.status === 'label_purchased' && shipmentPath('label_purchased', u.current).length) {
    const [fo] = await ctx.db.select({ status: fulfillmentOrders.status }).from(fulfillmentOrders).where(eq(fulfillmentOrders.id, hit.fulfillmentOrderId));
    if (fo?.status === 'packed') {
      try {
        await handOff(ctx, hit.fulfillmentOrderId);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        log?.('carrier scan before hand-off, and the hand-off was refused', { provider, trackingNumber: u.trackingNumber, reason: e.message });
      }
    }
  }
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [fresh] = await tx.insert(trackingUpdates).values({ updateId: u.updateId, shipmentId: hit.id, provider, currentStatus: u.current, receivedAt: at }).onConflictDoNothing().returning();
    if (!fresh) return { outcome: 'duplicate' as const };
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, hit.orderId)).for('update');
    const [s] = await tx.select().from(shipments).where(eq(shipments.id, hit.id)).for('update');
    const ship = s!;
    for (const e of u.events) {
      const when = new Date(e.at);
      if (Number.isNaN(when.getTime())) continue;
      await tx
        .insert(trackingEvents)
        .values({ id: ctx.newId(), shipmentId: ship.id, status: e.status, carrierStatus: e.carrierStatus, message: e.message, at: when, location: e.location, updateId: u.updateId, receivedAt: at })
        .onConflictDoNothing();
    }
    let path = shipmentPath(ship.status, u.current);
    if (path[0] === 'handed_off') {
      const [fo] = await tx.select({ status: fulfillmentOrders.status }).from(fulfillmentOrders).where(eq(fulfillmentOrders.id, ship.fulfillmentOrderId));
      if (fo?.status !== 'handed_off') path = [];
    }
    const status: ShipmentStatus = path.at(-1) ?? ship.status;
    const estimate = u.estimatedDelivery ? u.estimatedDelivery.slice(0, 10) : ship.estimatedDelivery;
    const base = { shipmentId: ship.id, number: ship.number, orderId: ship.orderId, fulfillmentOrderId: ship.fulfillmentOrderId, carrier: ship.carrierCode, trackingNumber: u.trackingNumber };
    const events: NewEvent[] = [];
    const ev = <D extends EventDefinition>(def: D, payload: Omit<z.input<D['payload']>, keyof typeof base>) => events.push(newEvent(def, ship.id, { ...base, ...payload } as z.input<D['payload']>));
    const late = !ship.delayedAt && status !== 'delivered' && isLate({ promisedDate: ship.promisedDate, estimatedDelivery: estimate, status: u.current, today: at.toISOString().slice(0, 10) });
    const pod = status === 'delivered' && ship.status !== 'delivered' ? { signedBy: u.proofOfDelivery?.signedBy ?? null, reference: u.proofOfDelivery?.reference ?? null, at: (u.events.filter((e) => e.status === 'delivered').at(-1)?.at ?? at.toISOString()) } : null;
    await setShipmentStatus(tx, ship, path, at, {
      carrierStatus: u.current,
      estimatedDelivery: estimate,
      ...(path.includes('handed_off') ? { handedOffAt: at } : {}),
      ...(pod ? { proofOfDelivery: pod, deliveredAt: at } : {}),
      ...(late ? { delayedAt: at } : {}),
    });
    if (path.includes('handed_off')) ev(shipmentHandedOff, { locationCode: ship.locationCode });
    if (path.length) ev(shipmentTrackingUpdated, { from: ship.status, to: status, carrierStatus: u.current, estimatedDelivery: estimate });
    if (status === 'exception' && ship.status !== 'exception') ev(shipmentException, { message: u.events.filter((e) => e.status === 'exception').at(-1)?.message ?? null });
    if (late) ev(shipmentDelayed, { promisedDate: ship.promisedDate, estimatedDelivery: estimate });
    if (pod) {
      ev(shipmentDelivered, { proofOfDelivery: pod });
      events.push(...(await deliverOrderLines(tx, ctx, ship, at)));
    }
    await recordAudit(tx, { ...ctx, at }, { action: 'shipment.tracking_applied', entityType: 'shipment', entityId: ship.id, before: { status: ship.status }, after: { status, updateId: u.updateId, provider } });
    await enqueueEvents(tx, { ...ctx, at }, events);
    return { outcome: 'applied' as const, shipment: ship.number };
  });
}

/**
 * The shipment's units are delivered: order lines shipped → delivered, and the order moves to
 * delivered (through its status table) once every shipped unit is delivered and nothing is left to ship.
 */
async function deliverOrderLines(tx: Db, ctx: Ctx, ship: typeof shipments.$inferSelect, at: Date): Promise<NewEvent[]> {
  const lines = await tx
    .select({ orderLineId: fulfillmentLines.orderLineId, sku: fulfillmentLines.sku, quantity: fulfillmentLines.picked })
    .from(fulfillmentLines)
    .where(and(eq(fulfillmentLines.fulfillmentOrderId, ship.fulfillmentOrderId), gt(fulfillmentLines.picked, 0)));
  for (const l of lines) await deliverShippedUnits(tx, l.orderLineId, l.quantity);
  const { order, lines: rows, holds } = await loadOrder(tx, ship.orderId);
  const q = rows.map(lineQuantities);
  const done = q.every((l) => l.shipped + l.cancelled === l.ordered && l.delivered === l.shipped) && q.some((l) => l.shipped > 0);
  const from = order.status as OrderStatus;
  if (!done || from === 'delivered' || !checkTransition({ from, to: 'delivered', activeHolds: activeHoldCount(holds) }).ok) return [];
  await writeStatus(tx, { orderId: order.id, from, to: 'delivered', reason: `shipment ${ship.number} delivered`, actor: actorLabel(ctx.actor), at });
  const payload = { orderId: order.id, shipmentId: ship.id, fulfillmentOrderId: ship.fulfillmentOrderId, locationCode: ship.locationCode, lines };
  return [
    newEvent(orderStatusChanged, order.id, { orderId: order.id, number: order.number, from, to: 'delivered', reason: `shipment ${ship.number} delivered` }),
    newEvent(orderDelivered, order.id, payload),
  ];
}
