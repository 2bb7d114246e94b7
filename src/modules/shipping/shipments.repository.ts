import { and, asc, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentOrders, orders, shipmentParcels, shipments, trackingEvents } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import { moneyJson } from '../../platform/http/schemas.js';
import type { listShipmentsQuery, ShipmentJson, ShipmentSummaryJson } from './shipments.schemas.js';
import type { DeclarationJson } from './shipping.schemas.js';
import { isUuid } from '../../platform/ids.js';

export type ShipmentRow = typeof shipments.$inferSelect;
export type ParcelRow = typeof shipmentParcels.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A shipment by id or number (SH-000001), optionally locked for update. */
export async function loadShipment(db: Db, idOrNumber: string, opts: { lock?: boolean } = {}): Promise<ShipmentRow> {
  const q = db.select().from(shipments).where(isUuid(idOrNumber) ? eq(shipments.id, idOrNumber) : eq(shipments.number, idOrNumber.toUpperCase()));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound('Shipment', idOrNumber);
  return row;
}

export async function parcelsOf(db: Db, shipmentIds: string[]): Promise<ParcelRow[]> {
  if (!shipmentIds.length) return [];
  return db.select().from(shipmentParcels).where(inArray(shipmentParcels.shipmentId, shipmentIds)).orderBy(asc(shipmentParcels.shipmentId), asc(shipmentParcels.seq));
}

async function numbersOf(db: Db, rows: ShipmentRow[]) {
  const foIds = [...new Set(rows.map((r) => r.fulfillmentOrderId))];
  const orderIds = [...new Set(rows.map((r) => r.orderId))];
  const fos = foIds.length ? await db.select({ id: fulfillmentOrders.id, number: fulfillmentOrders.number }).from(fulfillmentOrders).where(inArray(fulfillmentOrders.id, foIds)) : [];
  const os = orderIds.length ? await db.select({ id: orders.id, number: orders.number }).from(orders).where(inArray(orders.id, orderIds)) : [];
  return { fo: new Map(fos.map((f) => [f.id, f.number])), order: new Map(os.map((o) => [o.id, o.number])) };
}

function summary(r: ShipmentRow, parcels: ParcelRow[], n: Awaited<ReturnType<typeof numbersOf>>): ShipmentSummaryJson {
  return {
    id: r.id,
    number: r.number,
    fulfillmentOrderId: r.fulfillmentOrderId,
    fulfillmentNumber: n.fo.get(r.fulfillmentOrderId) ?? '',
    orderId: r.orderId,
    orderNumber: n.order.get(r.orderId) ?? '',
    locationCode: r.locationCode,
    carrier: r.carrierCode,
    service: r.serviceCode,
    labelSource: r.labelSource,
    status: r.status,
    promisedDate: r.promisedDate,
    shipDate: r.shipDate,
    estimatedDelivery: r.estimatedDelivery,
    cost: r.costAmount === null || r.costCurrency === null ? null : moneyJson({ amount: r.costAmount, currency: r.costCurrency }),
    trackingNumbers: parcels.filter((p) => p.shipmentId === r.id).map((p) => p.trackingNumber),
    manifestId: r.manifestId,
    createdAt: r.createdAt.toISOString(),
    handedOffAt: iso(r.handedOffAt),
    deliveredAt: iso(r.deliveredAt),
    voidedAt: iso(r.voidedAt),
  };
}

/** The full shipment: parcels, carrier timeline (oldest first), rate choice and alternatives, customs. */
export async function shipmentJson(db: Db, r: ShipmentRow): Promise<ShipmentJson> {
  const parcels = await parcelsOf(db, [r.id]);
  const events = await db.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, r.id)).orderBy(asc(trackingEvents.at), asc(trackingEvents.id));
  return {
    ...summary(r, parcels, await numbersOf(db, [r])),
    rateReason: r.rateReason,
    chosen: r.chosenRate,
    alternatives: r.alternatives,
    customs: (r.customs as DeclarationJson | null) ?? null,
    hasCommercialInvoice: r.commercialInvoicePdf !== null,
    proofOfDelivery: r.proofOfDelivery,
    carrierStatus: r.carrierStatus,
    voidReason: r.voidReason,
    parcels: parcels.map((p) => ({ seq: p.seq, weightGrams: p.weightGrams, dimensionsMm: { length: p.lengthMm, width: p.widthMm, height: p.heightMm }, trackingNumber: p.trackingNumber })),
    timeline: events.map((e) => ({ status: e.status, carrierStatus: e.carrierStatus, message: e.message, at: e.at.toISOString(), location: e.location })),
  };
}

export async function getShipmentJson(db: Db, idOrNumber: string): Promise<ShipmentJson> {
  return shipmentJson(db, await loadShipment(db, idOrNumber));
}

/** Newest first, filtered; `cursor` is the id of the last shipment of the previous page (ids are time-ordered). */
export async function listShipments(db: Db, q: z.output<typeof listShipmentsQuery>) {
  const where: SQL[] = [];
  if (q.status) where.push(eq(shipments.status, q.status));
  if (q.carrier) where.push(eq(shipments.carrierCode, q.carrier));
  if (q.locationCode) where.push(eq(shipments.locationCode, q.locationCode));
  if (q.orderId) where.push(eq(shipments.orderId, q.orderId));
  if (q.date) {
    const from = new Date(`${q.date}T00:00:00Z`);
    where.push(gte(shipments.createdAt, from), lt(shipments.createdAt, new Date(from.getTime() + 86_400_000)));
  }
  if (q.cursor) where.push(lt(shipments.id, q.cursor));
  const rows = await db.select().from(shipments).where(and(...where)).orderBy(desc(shipments.id)).limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const parcels = await parcelsOf(db, page.map((r) => r.id));
  const n = await numbersOf(db, page);
  return { items: page.map((r) => summary(r, parcels, n)), nextCursor: rows.length > q.limit ? page.at(-1)!.id : null };
}
