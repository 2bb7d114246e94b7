import { eq, max } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { shipments } from '../../platform/db/schema/index.js';

/** The latest delivery of any shipment of an order (partial deliveries count), or null. */
export async function lastShipmentDeliveredAt(db: Db, orderId: string): Promise<Date | null> {
  const [row] = await db.select({ at: max(shipments.deliveredAt) }).from(shipments).where(eq(shipments.orderId, orderId));
  return row?.at ?? null;
}
