import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { carriers, fulfillmentOrders, shipments } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { canTransitionShipment } from '../../domain/shipping/shipment-states.js';
import { loadShipment, parcelsOf, shipmentJson } from './shipments.repository.js';
import type { ShipmentJson } from './shipments.schemas.js';
import { aggregatorOf, carrierCall } from './buy-aggregator-label.js';
import { finishLabelOperation, loadLabelOperation, recordProgress, reserveLabelOperation, storedError } from './label-operations.js';
import { newEvent } from '../../platform/events/define.js';
import { shipmentVoided } from './shipping.events.js';
import { setShipmentStatus } from './shipment-status.js';

type ShipmentRow = typeof shipments.$inferSelect;

/** Locks a shipment's fulfillment order, then the shipment (the order label purchases lock in). */
async function lockShipment(tx: Db, idOrNumber: string): Promise<ShipmentRow> {
  const head = await loadShipment(tx, idOrNumber);
  await tx.select({ id: fulfillmentOrders.id }).from(fulfillmentOrders).where(eq(fulfillmentOrders.id, head.fulfillmentOrderId)).for('update');
  return loadShipment(tx, head.id, { lock: true });
}

function assertVoidable(s: ShipmentRow): void {
  if (!canTransitionShipment(s.status, 'voided')) {
    throw new AppError('illegal_transition', `Shipment ${s.number} is ${s.status}: only a label not yet handed off can be voided`, { from: s.status, to: 'voided' });
  }
}

/**
 * Voids a label before the parcel leaves (label_purchased only). The fulfillment order stays packed,
 * so a new label can be bought (re-label); the voided shipment keeps its history. A label bought
 * through EasyPost/Shippo is refunded there first, every parcel's label, with no transaction open
 * while the provider answers (a void operation is reserved, then recorded); a refused refund leaves
 * the shipment as it was.
 */
export async function voidShipment(ctx: Ctx, idOrNumber: string, reason: string): Promise<ShipmentJson> {
  const at = ctx.clock.now();
  type Reserved = { done: ShipmentJson } | { opId: string; adapter: 'easypost' | 'shippo'; shipmentId: string };
  const reserved = await ctx.db.transaction(async (tx): Promise<Reserved> => {
    const s = await lockShipment(tx, idOrNumber);
    assertVoidable(s);
    if (!s.providerLabelId) return { done: await markVoided(tx, ctx, at, s, reason, null) };
    const [c] = await tx.select({ adapter: carriers.adapter, number: fulfillmentOrders.number }).from(carriers).innerJoin(fulfillmentOrders, eq(fulfillmentOrders.id, s.fulfillmentOrderId)).where(eq(carriers.code, s.carrierCode));
    if (!c || c.adapter === 'table_rate') throw new AppError('unavailable', `${s.carrierCode} is not an aggregator carrier: the label cannot be refunded`);
    aggregatorOf(ctx, c.adapter);
    const opId = await reserveLabelOperation(tx, { ...ctx, at }, { kind: 'void', fulfillmentOrderId: s.fulfillmentOrderId, fulfillmentNumber: c.number, carrierCode: s.carrierCode, shipmentId: s.id, request: { adapter: c.adapter, reason } });
    return { opId, adapter: c.adapter, shipmentId: s.id };
  });
  if ('done' in reserved) return reserved.done;

  const adapter = aggregatorOf(ctx, reserved.adapter);
  const fail = async (e: unknown): Promise<never> => {
    await ctx.db.transaction(async (tx) => {
      await loadLabelOperation(tx, reserved.opId, { lock: true });
      await finishLabelOperation(tx, reserved.opId, ctx.clock.now(), { error: storedError(e) });
    });
    throw e;
  };
  // Every parcel's label is refunded; one refused refund stops the void (the others stay asked for, noted).
  const refunds: Array<{ providerLabelId: string; status: string; accepted: boolean }> = [];
  try {
    const parcels = await parcelsOf(ctx.db, [reserved.shipmentId]);
    const [s] = await ctx.db.select().from(shipments).where(eq(shipments.id, reserved.shipmentId));
    for (const p of parcels) {
      const providerLabelId = p.providerLabelId ?? s!.providerLabelId!;
      if (refunds.some((r) => r.providerLabelId === providerLabelId)) continue;
      const r = await carrierCall(() => adapter.voidLabel({ providerLabelId, trackingNumber: p.trackingNumber }));
      refunds.push({ providerLabelId, ...r });
      await recordProgress(ctx.db, reserved.opId, { refunds });
      if (!r.accepted) throw new AppError('carrier_error', `${reserved.adapter} refused to void the label of ${s!.number} (${r.status})`, { providerStatus: r.status });
    }
  } catch (e) {
    return fail(e);
  }
  return ctx.db.transaction(async (tx) => {
    const s = await lockShipment(tx, reserved.shipmentId);
    const op = await loadLabelOperation(tx, reserved.opId, { lock: true });
    if (!op || op.status !== 'pending') throw new AppError('conflict', `The void of ${s.number} was abandoned while ${reserved.adapter} answered; void it again`);
    const refund = { status: [...new Set(refunds.map((r) => r.status))].join(', ') };
    if (!canTransitionShipment(s.status, 'voided')) {
      // The parcel left while the provider refunded its label: the shipment stays as the carrier saw it.
      const error = new AppError('illegal_transition', `Shipment ${s.number} became ${s.status} while its label was being refunded at ${reserved.adapter} (${refund.status}): check the refund with the provider`, { from: s.status, to: 'voided' });
      await finishLabelOperation(tx, op.id, ctx.clock.now(), { error: storedError(error) });
      await recordAudit(tx, { ...ctx, at: ctx.clock.now() }, { action: 'shipment.void_conflict', entityType: 'shipment', entityId: s.id, after: { status: s.status, refund } });
      return { error };
    }
    const json = await markVoided(tx, ctx, ctx.clock.now(), s, reason, refund);
    await finishLabelOperation(tx, op.id, ctx.clock.now(), { shipmentId: s.id });
    return { json };
  }).then((r) => {
    if ('error' in r) throw r.error;
    return r.json;
  });
}

async function markVoided(tx: Db, ctx: Ctx, at: Date, s: ShipmentRow, reason: string, refund: { status: string } | null): Promise<ShipmentJson> {
  const row = await setShipmentStatus(tx, s, 'voided', at, { voidedAt: at, voidReason: reason });
  const trackingNumbers = (await parcelsOf(tx, [s.id])).map((p) => p.trackingNumber);
  const payload = { shipmentId: s.id, number: s.number, orderId: s.orderId, fulfillmentOrderId: s.fulfillmentOrderId, carrier: s.carrierCode, trackingNumbers, reason, refund };
  await recordAudit(tx, { ...ctx, at }, { action: 'shipment.voided', entityType: 'shipment', entityId: s.id, before: { status: s.status }, after: { status: 'voided', reason } });
  await enqueueEvents(tx, { ...ctx, at }, [newEvent(shipmentVoided, s.id, payload)]);
  return shipmentJson(tx, row!);
}
