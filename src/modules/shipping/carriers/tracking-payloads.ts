import { latest, type TrackingEvent, type TrackingStatus, type TrackingUpdate } from '../../../domain/shipping/tracking-events.js';

type Loc = { city?: string | null; state?: string | null; zip?: string | null; country?: string | null } | null | undefined;
const place = (l: Loc) => {
  const s = [l?.city, l?.state, l?.country].filter((x) => x && String(x).trim()).join(', ');
  return s || null;
};

const easypostStatus: Record<string, TrackingStatus> = {
  pre_transit: 'label_created',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  available_for_pickup: 'out_for_delivery',
  return_to_sender: 'returned_to_sender',
  failure: 'exception',
  error: 'exception',
  cancelled: 'exception',
  unknown: 'label_created',
};

interface EasypostEvent {
  id?: string;
  object?: string;
  description?: string;
  created_at?: string;
  result?: {
    object?: string;
    id?: string;
    tracking_code?: string;
    carrier?: string;
    status?: string;
    signed_by?: string | null;
    est_delivery_date?: string | null;
    updated_at?: string;
    carrier_detail?: { origin_tracking_location?: Loc } | null;
    tracking_details?: Array<{ status?: string; message?: string; datetime?: string; tracking_location?: Loc }>;
  };
}

/** An EasyPost `tracker.updated` (or `tracker.created`) Event body → a normalised update; null for other events. */
export function parseEasypostEvent(body: unknown): TrackingUpdate | null {
  const e = body as EasypostEvent;
  if (e?.object !== 'Event' || !e.description?.startsWith('tracker.') || e.result?.object !== 'Tracker') return null;
  const t = e.result;
  if (!t.tracking_code) return null;
  const events: TrackingEvent[] = (t.tracking_details ?? []).map((d) => ({
    status: easypostStatus[d.status ?? 'unknown'] ?? 'in_transit',
    carrierStatus: d.status ?? 'unknown',
    message: d.message ?? '',
    at: d.datetime ?? t.updated_at ?? e.created_at ?? '',
    location: place(d.tracking_location),
  }));
  return {
    // The same tracker changes many times; its update time tells one state from the next.
    updateId: `easypost:${e.id && e.id !== 'evt_...' ? e.id : `${t.id}@${t.updated_at}`}`,
    carrier: t.carrier ?? 'unknown',
    trackingNumber: t.tracking_code,
    events,
    current: t.status ? (easypostStatus[t.status] ?? 'in_transit') : (latest(events)?.status ?? null),
    estimatedDelivery: t.est_delivery_date ?? null,
    proofOfDelivery: t.status === 'delivered' ? { signedBy: t.signed_by ?? null, reference: null } : null,
  };
}

const shippoStatus: Record<string, TrackingStatus> = {
  UNKNOWN: 'label_created',
  PRE_TRANSIT: 'label_created',
  TRANSIT: 'in_transit',
  DELIVERED: 'delivered',
  RETURNED: 'returned_to_sender',
  FAILURE: 'exception',
};

interface ShippoStatus {
  object_id?: string;
  status?: string;
  substatus?: { code?: string } | null;
  status_details?: string;
  status_date?: string;
  location?: Loc;
}

interface ShippoTrack {
  carrier?: string;
  tracking_number?: string;
  eta?: string | null;
  tracking_status?: ShippoStatus | null;
  tracking_history?: ShippoStatus[];
}

function shippoEvent(s: ShippoStatus): TrackingEvent {
  let status = shippoStatus[s.status ?? 'UNKNOWN'] ?? 'in_transit';
  // Newer payloads say so in `substatus`; older ones only in the text.
  if (status === 'in_transit' && (s.substatus?.code === 'out_for_delivery' || /out for delivery/i.test(s.status_details ?? ''))) status = 'out_for_delivery';
  return { status, carrierStatus: s.substatus?.code ? `${s.status}/${s.substatus.code}` : (s.status ?? 'UNKNOWN'), message: s.status_details ?? '', at: s.status_date ?? '', location: place(s.location) };
}

/**
 * A Shippo Track object — the body of GET /tracks/{carrier}/{number}, or the `data` of a
 * `track_updated` webhook `{ event, test, data }` — → a normalised update.
 */
export function parseShippoTrack(body: unknown): TrackingUpdate | null {
  const envelope = body as { event?: string; data?: ShippoTrack };
  const t: ShippoTrack | undefined = envelope?.event ? (envelope.event === 'track_updated' ? envelope.data : undefined) : (body as ShippoTrack);
  if (!t?.tracking_number) return null;
  const history = t.tracking_history ?? [];
  const current = t.tracking_status;
  const all = current && !history.some((h) => h.object_id === current.object_id) ? [...history, current] : history;
  return {
    updateId: `shippo:${t.carrier}:${t.tracking_number}:${current?.object_id ?? all.at(-1)?.object_id ?? 'none'}`,
    carrier: t.carrier ?? 'unknown',
    trackingNumber: t.tracking_number,
    events: all.map(shippoEvent),
    current: current ? shippoEvent(current).status : null,
    estimatedDelivery: t.eta ?? null,
    proofOfDelivery: current?.status === 'DELIVERED' ? { signedBy: null, reference: current.object_id ?? null } : null,
  };
}
