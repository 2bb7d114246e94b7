import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { carriers, shipments } from '../../platform/db/schema/index.js';
import { carrierCall } from './create-shipment.js';
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
    let refund: { status: string } | null = null;
    if (s.providerLabelId) {
      // Bought through an aggregator: the label is refunded there first; a refused refund leaves the shipment as it is.
      const [c] = await tx.select({ adapter: carriers.adapter }).from(carriers).where(eq(carriers.code, s.carrierCode));
      const adapter = c && c.adapter !== 'table_rate' ? ctx.carrierApis?.[c.adapter] : undefined;
      if (!adapter) throw new AppError('unavailable', `${c?.adapter ?? s.carrierCode} is not configured: the label cannot be refunded now`);
      const [first] = await parcelsOf(tx, [s.id]);
      const r = await carrierCall(() => adapter.voidLabel({ providerLabelId: s.providerLabelId!, trackingNumber: first!.trackingNumber }));
      if (!r.accepted) throw new AppError('carrier_error', `${c!.adapter} refused to void the label of ${s.number} (${r.status})`, { providerStatus: r.status });
      refund = { status: r.status };
    }
    const [row] = await tx.update(shipments).set({ status: 'voided', voidedAt: at, voidReason: reason, updatedAt: at }).where(eq(shipments.id, s.id)).returning();
    const trackingNumbers = (await parcelsOf(tx, [s.id])).map((p) => p.trackingNumber);
    const payload = { shipmentId: s.id, number: s.number, orderId: s.orderId, fulfillmentOrderId: s.fulfillmentOrderId, carrier: s.carrierCode, trackingNumbers, reason, refund };
    await recordAudit(tx, { ...ctx, at }, { action: 'shipment.voided', entityType: 'shipment', entityId: s.id, before: { status: s.status }, after: { status: 'voided', reason } });
    await enqueueEvents(tx, { ...ctx, at }, [{ type: 'shipment.voided', aggregateType: 'shipment', aggregateId: s.id, payload }]);
    return shipmentJson(tx, row!);
  });
}
