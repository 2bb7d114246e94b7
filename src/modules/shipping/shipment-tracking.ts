import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { shipmentParcels, shipments } from '../../platform/db/schema/index.js';

/** The carrier and tracking numbers of a fulfillment order's (non-voided) shipment, for channels to push back. */
export async function trackingOfFulfillmentOrder(db: Db, fulfillmentOrderId: string): Promise<{ carrierCode: string; trackingNumbers: string[] } | null> {
  const rows = await db
    .select({ carrierCode: shipments.carrierCode, trackingNumber: shipmentParcels.trackingNumber })
    .from(shipments)
    .innerJoin(shipmentParcels, eq(shipmentParcels.shipmentId, shipments.id))
    .where(and(eq(shipments.fulfillmentOrderId, fulfillmentOrderId), ne(shipments.status, 'voided')))
    .orderBy(asc(shipmentParcels.seq));
  if (rows.length === 0) return null;
  return { carrierCode: rows[0]!.carrierCode, trackingNumbers: rows.map((r) => r.trackingNumber) };
}
