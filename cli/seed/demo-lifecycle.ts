import type { App } from '../../src/app.js';
import { applyTrackingUpdate } from '../../src/modules/shipping/index.js';
import type { Agenda } from './seed-agenda.js';
import { between, pick } from './prng.js';

/**
 * What happens to the demo orders after placement, on the simulated clock: warehouse shifts pick, pack
 * and label the open fulfillment orders of their location, the carrier collects at its pickup time,
 * scans the parcels in transit and delivers them around the promised day (most on time, some late, the
 * last ones still on the way), and some customers send something back (reasons, refunds or store
 * credit, restocked or scrapped). Everything goes through the public API — except the carrier's scans:
 * the built-in carrier has no tracking feed, so they go to the shipping module's tracking use case, as
 * an aggregator's webhook would — and the event handlers run after every step (`drain`).
 */

export interface LifecycleDeps {
  app: App;
  agenda: Agenda;
  r: () => number;
  /** Calls the API and fails the seed unless the status is one of `ok`. */
  api: (method: 'GET' | 'POST', url: string, ok: number[], body?: unknown, idempotencyKey?: string) => Promise<any>;
  /** Points the app's clock at an instant (never back in time). */
  at: (ms: number) => void;
  drain: () => Promise<number>;
  /** The present: nothing is scheduled after it. */
  end: number;
}

export interface LifecycleSummary {
  shipments: number;
  delivered: number;
  deliveredLate: number;
  inTransit: number;
  /** Parcels the carrier could not deliver (status exception). */
  exceptions: number;
  returns: number;
}

const hour = 3_600_000;
const day = 24 * hour;

/** Warehouse shifts (UTC minutes of a working day) and the carrier's collection time per location. */
const shifts: Record<string, { starts: number[]; pickup: number }> = {
  'BER-WH1': { starts: [7 * 60 + 30, 12 * 60], pickup: 15 * 60 + 30 },
  'HAM-WH1': { starts: [9 * 60], pickup: 14 * 60 + 30 },
  'MUC-ST1': { starts: [13 * 60 + 30], pickup: 16 * 60 + 30 },
};

/** Days after (or before) the delivery estimate a parcel arrives: mostly on the day, some late. */
const deliveryOffsets: Array<[number, number]> = [[-1, 0.12], [0, 0.68], [1, 0.1], [2, 0.06], [4, 0.04]];
const returnReasons: Array<[string, number]> = [
  ['changed_mind', 0.32], ['wrong_size', 0.12], ['not_as_described', 0.16], ['defective', 0.14], ['damaged', 0.12], ['wrong_item', 0.06], ['other', 0.08],
];
/** Condition and disposition at the receiving station, by reason. */
const receipt = (reason: string): { condition: string; disposition: string } =>
  reason === 'defective' ? { condition: 'defective', disposition: 'return_to_vendor' }
  : reason === 'damaged' ? { condition: 'damaged', disposition: 'scrap' }
  : { condition: reason === 'changed_mind' ? 'new' : 'like_new', disposition: 'restock' };

function draw<T>(r: () => number, table: Array<[T, number]>): T {
  let x = r();
  for (const [v, p] of table) if ((x -= p) < 0) return v;
  return table.at(-1)![0];
}

const isWorkday = (ms: number) => {
  const d = new Date(ms).getUTCDay();
  return d >= 1 && d <= 5;
};
const startOfDay = (ms: number) => ms - (ms % day);

export function demoLifecycle(d: LifecycleDeps) {
  const { agenda, r, api, at, drain } = d;
  const summary: LifecycleSummary = { shipments: 0, delivered: 0, deliveredLate: 0, inTransit: 0, exceptions: 0, returns: 0 };
  /** Locations that may have open work (set by placements and receipts, cleared by a shift that found none left). */
  const dirty = new Set(Object.keys(shifts));
  /** Orders the customer is about to cancel: the warehouse leaves them alone. */
  const cancelling = new Set<string>();
  /** The newest orders: left for the console's user to work on. */
  const waiting = new Set<string>();
  /** Where each order goes (the delivery scan's place). */
  const cities = new Map<string, string>();
  const ctx = { ...d.app.deps, actor: { type: 'system' as const, id: 'demo-carrier', role: 'admin' as const, name: 'Demo carrier (ordo-post)' } };

  const nextPickup = (code: string, after: number): number => {
    for (let t = startOfDay(after); ; t += day) {
      const p = t + shifts[code]!.pickup * 60_000;
      if (isWorkday(t) && p > after) return p;
    }
  };

  async function track(tn: string, status: 'in_transit' | 'delivered' | 'exception', when: number, place: string | null, signedBy: string | null) {
    at(when);
    const message = status === 'delivered' ? 'Delivered' : status === 'exception' ? 'Recipient not found: back at the depot' : 'Arrived at the sorting centre';
    const res = await applyTrackingUpdate(ctx, 'built_in', {
      updateId: `built_in:${tn}:${status}`, carrier: 'ordo-post', trackingNumber: tn,
      events: [{ status, carrierStatus: status.toUpperCase(), message, at: new Date(when).toISOString(), location: place }],
      current: status, estimatedDelivery: null, proofOfDelivery: status === 'delivered' ? { signedBy, reference: null } : null,
    });
    await drain();
    return res.outcome;
  }

  /** A customer sends units of a delivered order back; approved, then received at Berlin a few days later. */
  async function requestReturn(orderId: string, when: number) {
    at(when);
    const elig = await api('GET', `/api/v1/orders/${orderId}/return-eligibility`, [200]);
    const lines = (elig.lines as Array<{ lineId: string; sku: string; eligible: boolean; quantity: number }>).filter((l) => l.eligible && l.quantity > 0);
    if (!lines.length) return;
    const chosen = r() < 0.25 ? lines : [pick(r, lines)];
    const reason = draw(r, returnReasons);
    const items = chosen.map((l) => ({ line: l, quantity: r() < 0.7 ? 1 : l.quantity }));
    const body = { orderId, resolution: r() < 0.25 ? 'store_credit' : 'refund', lines: items.map((i) => ({ orderLineId: i.line.lineId, quantity: i.quantity, reason })) };
    const created = await api('POST', '/api/v1/returns', [200, 201, 422], body, `seed-demo-return-${orderId}`);
    if (!created?.id) return;
    await drain();
    const approved = await api('POST', `/api/v1/returns/${created.id}/approve`, [200, 409, 422], {});
    await drain();
    if (approved?.status !== 'approved') return; // held for fraud review: it waits for a reviewer
    summary.returns++;
    const back = when + between(r, 2, 7) * day + between(r, 0, 6) * hour;
    if (back > d.end) return;
    agenda.add(back, async () => {
      at(back);
      const { condition, disposition } = receipt(reason);
      await api('POST', `/api/v1/returns/${created.id}/receive`, [200], { locationCode: 'BER-WH1', items: items.map((i) => ({ code: i.line.sku, quantity: i.quantity, condition, disposition })) });
      await drain();
      dirty.add('BER-WH1');
    });
  }

  /** The carrier collects the parcel at `pickupAt`, scans it in transit and delivers it around the estimate. */
  function handOffLater(foId: string, orderId: string, shipment: { trackingNumbers: string[]; estimatedDelivery: string | null; promisedDate: string | null }, pickupAt: number, city: string | null) {
    agenda.add(pickupAt, async () => {
      at(pickupAt);
      await api('POST', `/api/v1/fulfillment-orders/${foId}/hand-off`, [200]);
      await drain();
      const tn = shipment.trackingNumbers[0]!;
      const scanAt = pickupAt + between(r, 3, 9) * hour;
      const estimate = shipment.estimatedDelivery ?? shipment.promisedDate;
      const base = estimate ? Date.parse(`${estimate}T00:00:00Z`) : startOfDay(pickupAt) + 2 * day;
      const offset = draw(r, deliveryOffsets);
      const deliverAt = Math.max(base + offset * day + between(r, 8 * 60, 17 * 60) * 60_000, scanAt + 2 * hour);
      if (scanAt <= d.end) agenda.add(scanAt, async () => void (await track(tn, 'in_transit', scanAt, 'Paketzentrum', null)));
      if (r() < 0.03) {
        // A parcel the carrier cannot deliver: an exception, waiting for support.
        if (deliverAt <= d.end) agenda.add(deliverAt, async () => void (await track(tn, 'exception', deliverAt, city, null)));
        summary.exceptions++;
        return;
      }
      if (deliverAt > d.end) {
        summary.inTransit++;
        return;
      }
      agenda.add(deliverAt, async () => {
        if ((await track(tn, 'delivered', deliverAt, city, null)) !== 'applied') return;
        summary.delivered++;
        if (shipment.promisedDate && new Date(deliverAt).toISOString().slice(0, 10) > shipment.promisedDate) summary.deliveredLate++;
        if (r() < 0.16) {
          const when = deliverAt + between(r, 1, 9) * day + between(r, 1, 10) * hour;
          if (when <= d.end) agenda.add(when, () => requestReturn(orderId, when));
        }
      });
    });
  }

  /** One shift at a location: pick, pack and label what is open there (a busy shift leaves some for the next). */
  async function shift(code: string, start: number) {
    if (!dirty.has(code)) return;
    at(start);
    const open = await api('GET', `/api/v1/fulfillment-orders?locationCode=${code}&status=open&type=ship&limit=100`, [200]);
    const items = [...(open.items as Array<{ id: string; orderId: string }>)].reverse(); // oldest first
    let left = 0;
    let t = start;
    for (const fo of items) {
      if (waiting.has(fo.orderId)) continue;
      if (cancelling.has(fo.orderId) || r() < 0.15) {
        left++;
        continue;
      }
      t += between(r, 4, 20) * 60_000;
      at(t);
      const picking = await api('POST', `/api/v1/fulfillment-orders/${fo.id}/start-picking`, [200]);
      for (const line of picking.lines as Array<{ sku: string; gtin: string | null; quantity: number }>) {
        await api('POST', `/api/v1/fulfillment-orders/${fo.id}/scan`, [200], { code: line.gtin ?? line.sku, quantity: line.quantity });
      }
      t += between(r, 3, 15) * 60_000;
      at(t);
      // Picking and packing events are handled with the label's (minutes later): one drain per parcel at the desk.
      await api('POST', `/api/v1/fulfillment-orders/${fo.id}/pack`, [200], {});
      const label = await api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, [201], {}, `seed-demo-label-${fo.id}`);
      await drain();
      summary.shipments++;
      handOffLater(fo.id, fo.orderId, label, nextPickup(code, t), cities.get(fo.orderId) ?? null);
    }
    if (left === 0) dirty.delete(code);
  }

  return {
    summary,
    /** An order was placed (to `city`): new work for the warehouses, unless it is to be left open. */
    placed(orderId: string, city: string, leaveOpen: boolean) {
      cities.set(orderId, city);
      if (leaveOpen) waiting.add(orderId);
      for (const c of Object.keys(shifts)) dirty.add(c);
    },
    /** Stock arrived: backorders may have been allocated. */
    received: () => Object.keys(shifts).forEach((c) => dirty.add(c)),
    cancelling,
    /** Schedules the warehouse shifts of every working day in [from, until). */
    scheduleShifts(from: number, until: number) {
      for (let t = startOfDay(from); t < until; t += day) {
        if (!isWorkday(t)) continue;
        for (const [code, s] of Object.entries(shifts)) {
          for (const m of s.starts) {
            const when = t + m * 60_000;
            if (when >= from && when < until) agenda.add(when, () => shift(code, when));
          }
        }
      }
    },
  };
}
