import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { shipments } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { canTransitionShipment, shipmentTransitions, type ShipmentStatus } from '../../domain/shipping/shipment-states.js';
import type { ShipmentRow } from './shipments.repository.js';

/**
 * The one writer of a shipment's status (the caller holds the row locked): walks `to` (one state, or
 * the path a tracking update takes; empty = status unchanged) through the state table
 * (domain/shipping/shipment-states.ts), refusing any step it does not allow, then writes the last state
 * with `extra` columns in one update.
 */
export async function setShipmentStatus(
  tx: Db,
  s: Pick<ShipmentRow, 'id' | 'number' | 'status'>,
  to: ShipmentStatus | readonly ShipmentStatus[],
  at: Date,
  extra: Partial<ShipmentRow> = {},
): Promise<ShipmentRow> {
  let status = s.status as ShipmentStatus;
  for (const step of typeof to === 'string' ? [to] : to) {
    if (!canTransitionShipment(status, step)) {
      throw new AppError('illegal_transition', `Shipment ${s.number} is ${status} and cannot become ${step}`, { from: status, to: step, allowed: [...shipmentTransitions[status]] });
    }
    status = step;
  }
  const [row] = await tx.update(shipments).set({ ...extra, status, updatedAt: at }).where(eq(shipments.id, s.id)).returning();
  return row!;
}
