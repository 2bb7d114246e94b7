/**
 * Tracking as Ordo speaks it, whatever the carrier says: a shipment's timeline is a list of these,
 * and the latest decides the shipment's status.
 */
export const trackingStatuses = ['label_created', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned_to_sender'] as const;
export type TrackingStatus = (typeof trackingStatuses)[number];

export interface TrackingEvent {
  status: TrackingStatus;
  /** The carrier's own code, kept for support. */
  carrierStatus: string;
  message: string;
  at: string;
  location: string | null;
}

export interface TrackingUpdate {
  /** Provider + id of the update, for deduplication (the same webhook delivered twice). */
  updateId: string;
  carrier: string;
  trackingNumber: string;
  events: TrackingEvent[];
  /**
   * The carrier's own current status of the parcel. It decides the shipment's status: event times in
   * real feeds are not always in order (EasyPost's own sample has the delivery stamped days early).
   */
  current: TrackingStatus | null;
  /** Carrier's estimated delivery (ISO date-time), if given. */
  estimatedDelivery: string | null;
  /** Final-mile proof: who signed, or a photo/document reference. */
  proofOfDelivery: { signedBy: string | null; reference: string | null } | null;
}

/** Later events win; on equal times the further-along status wins (delivered after out for delivery). */
const rank: Record<TrackingStatus, number> = { label_created: 0, in_transit: 1, out_for_delivery: 2, exception: 3, returned_to_sender: 4, delivered: 5 };

export function latest(events: readonly TrackingEvent[]): TrackingEvent | null {
  let best: TrackingEvent | null = null;
  for (const e of events) if (!best || e.at > best.at || (e.at === best.at && rank[e.status] > rank[best.status])) best = e;
  return best;
}

/** True when the carrier's estimate (or the last event) shows the promised date will be missed. */
export function isLate(input: { promisedDate: string | null; estimatedDelivery: string | null; status: TrackingStatus | null; today: string }): boolean {
  if (!input.promisedDate || input.status === 'delivered') return false;
  if (input.estimatedDelivery && input.estimatedDelivery.slice(0, 10) > input.promisedDate) return true;
  return input.today > input.promisedDate;
}
