import { and, eq, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { shipments } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { systemActor } from '../../platform/auth/roles.js';
import type { Deps } from '../../platform/context.js';
import { isUuid } from '../../platform/ids.js';
import { eventHandler, newEvent } from '../../platform/events/define.js';
import { shipmentHandedOff } from './shipping.events.js';
import { orderShipped } from '../orders/index.js';
import { setShipmentStatus } from './shipment-status.js';

/**
 * The fulfillment order's parcel left the location: its live shipment (if a label was bought or
 * recorded) becomes handed_off, which puts it on the next manifest. Idempotent: only a shipment still
 * at label_purchased moves. Hand-off without a label stays allowed (parcels labelled outside Ordo).
 */
export async function markShipmentHandedOff(tx: Db, ctx: Ctx, fulfillmentOrderId: string, at: Date): Promise<void> {
  const [s] = await tx.select().from(shipments).where(and(eq(shipments.fulfillmentOrderId, fulfillmentOrderId), ne(shipments.status, 'voided'))).for('update');
  if (!s || s.status !== 'label_purchased') return;
  await setShipmentStatus(tx, s, 'handed_off', at, { handedOffAt: at });
  const payload = { shipmentId: s.id, number: s.number, orderId: s.orderId, fulfillmentOrderId, carrier: s.carrierCode, locationCode: s.locationCode };
  await recordAudit(tx, { ...ctx, at }, { action: 'shipment.handed_off', entityType: 'shipment', entityId: s.id, before: { status: s.status }, after: { status: 'handed_off' } });
  await enqueueEvents(tx, { ...ctx, at }, [newEvent(shipmentHandedOff, s.id, payload)]);
}

/** Consumes `order.shipped` {fulfillmentOrderId} from the fulfillment hand-off. */
export const shipmentHandOffHandler = (deps: Deps): EventHandler =>
  eventHandler({
  name: 'shipping.hand_off',
  events: [orderShipped],
  async handle(tx, event) {
    const foId = event.payload.fulfillmentOrderId;
    // Not a fulfillment order id (an event from another source): no shipment can belong to it.
    if (!isUuid(foId)) return;
    await markShipmentHandedOff(tx, { ...deps, db: tx, actor: systemActor }, foId, event.occurredAt);
  },
});
