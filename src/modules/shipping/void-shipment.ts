import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { shipments } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { canTransitionShipment } from '../../domain/shipping/shipment-states.js';
import { loadShipment, parcelsOf, shipmentJson } from './shipments.repository.js';
import type { ShipmentJson } from './shipments.schemas.js';

/**
 * Voids a label before the parcel leaves (label_purchased only). The fulfillment order stays packed,
 * so a new label can be bought (re-label); the voided shipment keeps its history.
 */
export async function voidShipment(ctx: Ctx, idOrNumber: string, reason: string): Promise<ShipmentJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const s = await loadShipment(tx, idOrNumber, { lock: true });
    if (!canTransitionShipment(s.status, 'voided')) {
      throw new AppError('illegal_transition', `Shipment ${s.number} is ${s.status}: only a label not yet handed off can be voided`, { from: s.status, to: 'voided' });
    }
    const [row] = await tx.update(shipments).set({ status: 'voided', voidedAt: at, voidReason: reason, updatedAt: at }).where(eq(shipments.id, s.id)).returning();
    const trackingNumbers = (await parcelsOf(tx, [s.id])).map((p) => p.trackingNumber);
    const payload = { shipmentId: s.id, number: s.number, orderId: s.orderId, fulfillmentOrderId: s.fulfillmentOrderId, carrier: s.carrierCode, trackingNumbers, reason };
    await recordAudit(tx, { ...ctx, at }, { action: 'shipment.voided', entityType: 'shipment', entityId: s.id, before: { status: s.status }, after: { status: 'voided', reason } });
    await enqueueEvents(tx, { ...ctx, at }, [{ type: 'shipment.voided', aggregateType: 'shipment', aggregateId: s.id, payload }]);
    return shipmentJson(tx, row!);
  });
}
