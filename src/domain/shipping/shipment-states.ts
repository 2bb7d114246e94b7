import { validateTransitionTable } from '../orders/order-states.js';
import type { TrackingStatus } from './tracking-events.js';

/**
 * The shipment lifecycle as data. A label is bought (label_purchased), the parcel leaves the location
 * (handed_off), then the carrier's tracking moves it on. Voiding is only possible before hand-off;
 * delivered, returned_to_sender and voided are final.
 */
export const shipmentStatuses = ['label_purchased', 'handed_off', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender', 'voided'] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

const moving: ShipmentStatus[] = ['in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender'];

export const shipmentTransitions: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  label_purchased: ['handed_off', 'voided'],
  handed_off: moving,
  in_transit: moving.filter((s) => s !== 'in_transit'),
  out_for_delivery: moving.filter((s) => s !== 'out_for_delivery'),
  exception: moving.filter((s) => s !== 'exception'),
  delivered: [],
  returned_to_sender: [],
  voided: [],
};

export const canTransitionShipment = (from: ShipmentStatus, to: ShipmentStatus) => shipmentTransitions[from].includes(to);
export const isFinalShipment = (s: ShipmentStatus) => shipmentTransitions[s].length === 0;

/** The shipment status a carrier's current tracking status stands for (label_created: none, nothing moved). */
export function shipmentStatusFor(t: TrackingStatus): ShipmentStatus | null {
  return t === 'label_created' ? null : t;
}

/**
 * The moves that bring a shipment from `from` to where the carrier says the parcel is. A carrier scan
 * on a parcel not yet handed off proves it left: the path then goes through handed_off. Returns [] when
 * nothing changes or the move is not legal (e.g. tracking after delivery).
 *
 * @example shipmentPath('label_purchased', 'delivered') // ['handed_off', 'delivered']
 */
export function shipmentPath(from: ShipmentStatus, carrier: TrackingStatus | null): ShipmentStatus[] {
  const to = carrier ? shipmentStatusFor(carrier) : null;
  if (!to || to === from) return [];
  // An exception before any movement (a cancelled tracker, a rejected address) does not prove the parcel left.
  if (from === 'label_purchased') return to !== 'exception' && canTransitionShipment('handed_off', to) ? ['handed_off', to] : [];
  return canTransitionShipment(from, to) ? [to] : [];
}

const problems = validateTransitionTable(shipmentStatuses, 'label_purchased', shipmentTransitions, ['delivered', 'returned_to_sender', 'voided']);
if (problems.length) throw new Error(`Invalid shipment transition table: ${problems.join('; ')}`);
