import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import { testApp, type TestApp } from '../support/app.js';
import { payloadText } from '../support/payloads.js';
import { ok, packedOrder, shippingWorld } from '../shipping/support.js';

/**
 * On-time delivery against the promise, through the API: orders recorded with Shippo, delivered by its real
 * track_updated webhook at pinned instants around their promised day (Europe/Berlin days), and the expected
 * figures counted here from the promises and delivery instants, not with the report's SQL.
 */
let now = new Date('2026-03-02T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const token = 'shippo_token_0123456789abcdef';
const shippoTrack = JSON.parse(payloadText('shippo/track_test_get_status_response.json'));
let t: TestApp;

const berlinDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(at);
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Deliveries relative to each order's promised day P: [day offset, UTC time]. */
const plan: Array<[number, string]> = [
  [0, '09:00'], // on P: on time
  [-1, '23:30'], // 00:30 Berlin on P: on time
  [0, '23:30'], // 00:30 Berlin on P+1: one day late
  [3, '10:00'], // three days late
  [-2, '12:00'], // early
];
const delivered: Array<{ at: Date; promised: string }> = [];

beforeAll(async () => {
  t = await testApp({ clock, app: { timeZone: 'Europe/Berlin', shippingWebhooks: { shippoToken: token } } });
  await shippingWorld(t);
  const orders: Array<{ id: string; tracking: string }> = [];
  for (let i = 0; i < plan.length; i++) {
    const { order, fo } = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }]);
    const tracking = `92055901649173375343${10 + i}`;
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { carrier: 'shippo-usps', service: 'usps_priority', trackingNumber: tracking }, { as: 'warehouse' }), 201);
    orders.push({ id: order.id, tracking });
  }
  await t.drain();
  const todo: Array<{ at: Date; promised: string; tracking: string }> = [];
  for (const [i, o] of orders.entries()) {
    const { promisedDate } = await ok(t.api('GET', `/api/v1/orders/${o.id}/promise`));
    const [offset, time] = plan[i]!;
    todo.push({ at: new Date(`${plusDays(promisedDate, offset)}T${time}:00Z`), promised: promisedDate, tracking: o.tracking });
  }
  for (const d of todo.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    now = d.at;
    const body = { event: 'track_updated', test: true, data: { ...shippoTrack, tracking_number: d.tracking } };
    const res = await t.http.inject({ method: 'POST', url: `/api/v1/shipping/webhooks/shippo?token=${token}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(JSON.parse(res.body).outcome, res.body).toBe('applied');
    delivered.push({ at: d.at, promised: d.promised });
  }
  await t.drain();
}, 120_000);
afterAll(() => t?.close());

/** The figures of a set of deliveries, counted one by one. */
function expected(of: typeof delivered) {
  const late = of.filter((d) => berlinDay(d.at) > d.promised);
  const daysLate = late.reduce((s, d) => s + (Date.parse(berlinDay(d.at)) - Date.parse(d.promised)) / 86_400_000, 0);
  return {
    delivered: of.length,
    withPromise: of.length,
    onTime: of.length - late.length,
    late: late.length,
    onTimeShare: of.length ? Math.round(((of.length - late.length) / of.length) * 10_000) / 10_000 : null,
    averageDaysLate: late.length ? Math.round((daysLate / late.length) * 10) / 10 : null,
  };
}

describe('GET /reports/on-time-delivery', () => {
  it('counts orders delivered on or before the promised local day, by day, carrier and location, JSON and CSV', async () => {
    const days = delivered.map((d) => berlinDay(d.at)).sort();
    const from = days[0]!;
    const to = days.at(-1)!;
    // The scenario does what it says: two late orders (1 and 3 days), one across midnight in Berlin.
    expect(expected(delivered)).toMatchObject({ delivered: 5, onTime: 3, late: 2, onTimeShare: 0.6, averageDaysLate: 2 });

    const byDay = await ok(t.api('GET', `/api/v1/reports/on-time-delivery?from=${from}&to=${to}&groupBy=day`, undefined, { as: 'warehouse' }));
    expect(byDay.timeZone).toBe('Europe/Berlin');
    const keys = [...new Set(days)];
    expect(byDay.rows).toEqual(keys.map((k) => ({ key: k, ...expected(delivered.filter((d) => berlinDay(d.at) === k)) })));
    expect(byDay.totals).toEqual(expected(delivered));

    const byCarrier = await ok(t.api('GET', `/api/v1/reports/on-time-delivery?from=${from}&to=${to}&groupBy=carrier`));
    expect(byCarrier.rows).toEqual([{ key: 'shippo-usps', ...expected(delivered) }]);
    const byLocation = await ok(t.api('GET', `/api/v1/reports/on-time-delivery?from=${from}&to=${to}&groupBy=location&locationCode=BER`));
    expect(byLocation.rows).toEqual([{ key: 'BER', ...expected(delivered) }]);

    // The range is of local days: the first day left out drops the orders delivered on it.
    const later = await ok(t.api('GET', `/api/v1/reports/on-time-delivery?from=${plusDays(from, 1)}&to=${to}&groupBy=month`));
    expect(later.totals).toEqual(expected(delivered.filter((d) => berlinDay(d.at) > from)));

    const other = await ok(t.api('GET', `/api/v1/reports/on-time-delivery?from=${from}&to=${to}&carrier=ep-ups`));
    expect(other).toMatchObject({ rows: [], totals: { delivered: 0, onTimeShare: null, averageDaysLate: null } });

    const csv = await t.api('GET', `/api/v1/reports/on-time-delivery?from=${from}&to=${to}&groupBy=carrier&format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toBe('key,delivered,with_promise,on_time,late,on_time_share,average_days_late\nshippo-usps,5,5,3,2,0.6,2\n');

    const bad = await t.api('GET', `/api/v1/reports/on-time-delivery?from=${to}&to=${from}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
    const badGroup = await t.api('GET', `/api/v1/reports/on-time-delivery?from=${from}&to=${to}&groupBy=hour`);
    expect(badGroup.status).toBe(400);
  });
});
