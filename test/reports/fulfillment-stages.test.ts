import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, receiveStock } from '../support/factories.js';
import { payloadText } from '../support/payloads.js';
import { fulfillmentsOf, GTIN, placeOrder } from '../fulfillment/support.js';
import { ok, shippingWorld } from '../shipping/support.js';

/**
 * Fulfillment speed per stage through the API: orders walked through release, picking, packing, hand-off (or ready
 * for pickup) and delivery (Shippo's real track_updated webhook, or collection at the store) at pinned instants,
 * and the expected percentiles computed here from the instants this test chose (linear interpolation between
 * closest ranks, as PostgreSQL's percentile_cont), not by the report's SQL.
 */
let now = new Date('2026-03-02T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const hours = (h: number) => (now = new Date(now.getTime() + h * 3_600_000));
const token = 'shippo_token_0123456789abcdef';
const shippoTrack = JSON.parse(payloadText('shippo/track_test_get_status_response.json'));
let t: TestApp;

const stageKeys = ['placed_released', 'released_picked', 'picked_packed', 'packed_shipped', 'shipped_delivered', 'placed_delivered'] as const;
type Walk = { location: string; channel: string; country: string; at: Partial<Record<'placed' | 'released' | 'picked' | 'packed' | 'shipped' | 'delivered', Date>> };
const walks: Walk[] = [];
const addresses = {
  DE: { name: 'Ada', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE', latitude: 52.517, longitude: 13.389 },
  FR: { name: 'Bea', line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR', latitude: 48.86, longitude: 2.34 },
};

/**
 * One order of a pen, each step `gaps` hours after the previous one (release, pick, pack, ship, deliver); a step
 * without a gap is not taken (nor any after it). Pickup orders: shipped = ready for pickup, delivered = collected.
 */
async function walk(gaps: number[], opts: { pickup?: boolean; channel?: string; country?: 'DE' | 'FR'; tracking?: string } = {}) {
  const country = opts.country ?? 'DE';
  const w: Walk = { location: opts.pickup ? 'STO' : 'BER', channel: opts.channel ?? 'web', country, at: { placed: new Date(now) } };
  walks.push(w);
  const order = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }], {
    channel: w.channel, shippingAddress: addresses[country], ...(opts.pickup ? { delivery: { method: 'pickup', locationCode: 'STO' } } : {}),
  });
  const [release, pick, pack, ship, deliver] = gaps;
  if (release === undefined) return;
  hours(release);
  await t.drain();
  w.at.released = new Date(now);
  const [fo] = await fulfillmentsOf(t, order.id);
  expect(fo!.locationCode).toBe(w.location);
  if (pick === undefined) return;
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/start-picking`, undefined, { as: 'warehouse' }));
  hours(pick);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/scan`, { code: GTIN.PEN, quantity: 1 }, { as: 'warehouse' }));
  w.at.picked = new Date(now);
  if (pack === undefined) return;
  hours(pack);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/pack`, {}, { as: 'warehouse' }));
  w.at.packed = new Date(now);
  if (ship === undefined) return;
  let code = '';
  if (!opts.pickup) await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/shipments`, { carrier: 'shippo-usps', service: 'usps_priority', trackingNumber: opts.tracking }, { as: 'warehouse' }), 201);
  hours(ship);
  if (opts.pickup) code = (await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/ready-for-pickup`, undefined, { as: 'warehouse' }))).code;
  else await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/hand-off`, undefined, { as: 'warehouse' }));
  w.at.shipped = new Date(now);
  await t.drain();
  if (deliver === undefined) return;
  hours(deliver);
  if (opts.pickup) await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/picked-up`, { code }, { as: 'warehouse' }));
  else {
    const body = { event: 'track_updated', test: true, data: { ...shippoTrack, tracking_number: opts.tracking } };
    const res = await t.http.inject({ method: 'POST', url: `/api/v1/shipping/webhooks/shippo?token=${token}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(JSON.parse(res.body).outcome, res.body).toBe('applied');
  }
  w.at.delivered = new Date(now);
  await t.drain();
}

beforeAll(async () => {
  t = await testApp({ clock, app: { timeZone: 'Europe/Berlin', shippingWebhooks: { shippoToken: token } } });
  await shippingWorld(t); // BER warehouse
  await makeLocation(t, { code: 'STO', name: 'Mitte store', type: 'store', canShip: false, canPickup: true, latitude: 52.53, longitude: 13.41 });
  await receiveStock(t, 'PEN-1', 'STO', 20);
  await ok(t.api('PUT', '/api/v1/customs/destinations/FR', { currency: 'EUR', defaultDutyBp: 0, vatBp: 0, cn22MaxValue: 30000, restrictions: [] }));
  // 1 March, 23:30 in Berlin: before the range.
  now = new Date('2026-03-01T22:30:00Z');
  await walk([1, 1, 1, 1, 1], { tracking: '9205590164917337534301' });
  now = new Date('2026-03-02T08:00:00Z');
  await walk([0.5, 2, 0.25, 5, 30], { tracking: '9205590164917337534302' });
  await walk([1, 3.5, 0.5, 20, 48], { tracking: '9205590164917337534303' });
  await walk([2, 1, 1, 2, 26], { tracking: '9205590164917337534304', channel: 'phone', country: 'FR' });
  await walk([0.25, 6, 2, 1, 72], { tracking: '9205590164917337534305' });
  await walk([3, 0.75, 1], { tracking: '9205590164917337534306' }); // packed, not yet shipped
  await walk([1]); // released only
  await walk([0.5, 1, 0.5, 2, 3], { pickup: true });
  await walk([1.5, 0.5, 0.25, 1, 10], { pickup: true });
  await walk([0.2, 2], { pickup: true, channel: 'phone' });
}, 180_000);
afterAll(() => t?.close());

/** percentile_cont: linear interpolation at (n − 1)·p between the sorted values. */
function percentile(sorted: number[], p: number): number {
  const x = (sorted.length - 1) * p;
  const lo = Math.floor(x);
  const hi = Math.ceil(x);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (x - lo);
}
const round2 = (x: number) => Math.round(x * 100) / 100;
const ends = { placed_released: ['placed', 'released'], released_picked: ['released', 'picked'], picked_packed: ['picked', 'packed'], packed_shipped: ['packed', 'shipped'], shipped_delivered: ['shipped', 'delivered'], placed_delivered: ['placed', 'delivered'] } as const;

function figures(of: Walk[]) {
  return Object.fromEntries(stageKeys.map((s) => {
    const [a, b] = ends[s];
    const h = of.filter((w) => w.at[a] && w.at[b]).map((w) => (w.at[b]!.getTime() - w.at[a]!.getTime()) / 3_600_000).sort((x, y) => x - y);
    return [s, h.length ? { count: h.length, p50Hours: round2(percentile(h, 0.5)), p90Hours: round2(percentile(h, 0.9)), p99Hours: round2(percentile(h, 0.99)) } : { count: 0, p50Hours: null, p90Hours: null, p99Hours: null }];
  }));
}
function expected(keep: (w: Walk) => boolean) {
  const mine = walks.slice(1).filter(keep); // the first was placed on 1 March, outside every range below
  const locations = [...new Set(mine.map((w) => w.location))].sort();
  return { rows: locations.map((l) => ({ locationCode: l, stages: figures(mine.filter((w) => w.location === l)) })), totals: figures(mine) };
}

describe('GET /reports/fulfillment-stages', () => {
  it('gives p50 / p90 / p99 hours and counts per stage and location, for orders placed in the range', async () => {
    const r = await ok(t.api('GET', '/api/v1/reports/fulfillment-stages?from=2026-03-02&to=2026-03-31', undefined, { as: 'warehouse' }));
    expect(r).toMatchObject({ from: '2026-03-02', to: '2026-03-31', timeZone: 'Europe/Berlin', stages: [...stageKeys] });
    expect({ rows: r.rows, totals: r.totals }).toEqual(expected(() => true));
    // Not vacuous: both locations, every stage measured, unfinished orders counted only in the stages they reached.
    expect(r.rows.map((x: { locationCode: string }) => x.locationCode)).toEqual(['BER', 'STO']);
    expect(r.totals.placed_released.count).toBe(9);
    expect(r.totals.shipped_delivered.count).toBe(6);
    expect(r.rows[0].stages.packed_shipped).toEqual({ count: 4, p50Hours: 3.5, p90Hours: 15.5, p99Hours: 19.55 });
  });

  it('filters by channel, country and location, and by the local day of placement', async () => {
    const phone = await ok(t.api('GET', '/api/v1/reports/fulfillment-stages?from=2026-03-02&to=2026-03-31&channel=phone'));
    expect({ rows: phone.rows, totals: phone.totals }).toEqual(expected((w) => w.channel === 'phone'));
    const fr = await ok(t.api('GET', '/api/v1/reports/fulfillment-stages?from=2026-03-02&to=2026-03-31&country=FR'));
    expect({ rows: fr.rows, totals: fr.totals }).toEqual(expected((w) => w.country === 'FR'));
    const sto = await ok(t.api('GET', '/api/v1/reports/fulfillment-stages?from=2026-03-02&to=2026-03-31&location=STO'));
    expect({ rows: sto.rows, totals: sto.totals }).toEqual(expected((w) => w.location === 'STO'));
    // 22:30 UTC on 1 March is 23:30 in Berlin: that order belongs to 1 March only.
    const first = await ok(t.api('GET', '/api/v1/reports/fulfillment-stages?from=2026-03-01&to=2026-03-01'));
    expect(first.totals.placed_delivered).toEqual({ count: 1, p50Hours: 5, p90Hours: 5, p99Hours: 5 });
    const none = await ok(t.api('GET', '/api/v1/reports/fulfillment-stages?from=2026-01-01&to=2026-01-31'));
    expect(none.rows).toEqual([]);
    expect(none.totals.placed_released).toEqual({ count: 0, p50Hours: null, p90Hours: null, p99Hours: null });
  });

  it('answers CSV and refuses a reversed range', async () => {
    const csv = await t.api('GET', '/api/v1/reports/fulfillment-stages?from=2026-03-02&to=2026-03-31&location=STO&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toBe('location_code,stage,count,p50_hours,p90_hours,p99_hours');
    expect(lines).toHaveLength(1 + 2 * stageKeys.length); // STO, then all
    const e = expected((w) => w.location === 'STO').totals.picked_packed as { count: number; p50Hours: number; p90Hours: number; p99Hours: number };
    expect(lines).toContain(`all,picked_packed,${e.count},${e.p50Hours},${e.p90Hours},${e.p99Hours}`);
    const bad = await t.api('GET', '/api/v1/reports/fulfillment-stages?from=2026-03-31&to=2026-03-01');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
  });
});
