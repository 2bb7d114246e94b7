import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import { testApp, type TestApp } from '../support/app.js';
import { ok, placeOrder, warehouse } from '../fulfillment/support.js';

/**
 * Backorder ageing through the API: orders placed at pinned instants beyond the stock of BER (20 of each), the
 * backordered units read back from each order, and the expected buckets counted here by Berlin day.
 */
let now = new Date('2026-03-02T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
const berlinDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(at);
const placed: Array<{ sku: string; location: string | null; at: Date; backordered: number }> = [];

async function place(at: string, sku: string, quantity: number) {
  now = new Date(at);
  const o = await placeOrder(t, [{ sku, quantity }], { inventoryPolicy: 'backorder' });
  await t.drain();
  const read = await ok(t.api('GET', `/api/v1/orders/${o.id}`));
  placed.push({ sku, location: read.lines[0].locationCode, at: now, backordered: read.lines[0].quantities.backordered });
  return read;
}

beforeAll(async () => {
  t = await testApp({ clock, app: { timeZone: 'Europe/Berlin' } });
  await warehouse(t);
  await place('2026-03-02T08:00:00Z', 'PEN-1', 25); // 5 backordered, 40 days old
  await place('2026-03-07T08:00:00Z', 'PEN-1', 3); // 35 days
  await place('2026-03-20T08:00:00Z', 'PEN-1', 2); // 22 days
  await place('2026-03-20T09:00:00Z', 'MUG-1', 26); // 6 backordered, 22 days
  await place('2026-04-01T10:00:00Z', 'MUG-1', 1); // 10 days
  await place('2026-04-08T12:00:00Z', 'PEN-1', 4); // 3 days
  await place('2026-04-08T22:30:00Z', 'PEN-1', 7); // 00:30 on 9 April in Berlin: 2 days (3 by UTC days)
  const gone = await place('2026-04-09T09:00:00Z', 'MUG-1', 9);
  await ok(t.api('POST', `/api/v1/orders/${gone.id}/cancel`, { reason: 'customer request', lines: [{ lineId: gone.lines[0].id, quantity: 9 }] }));
  placed.pop(); // a cancelled order has no open backorder
  await t.drain();
  now = new Date('2026-04-11T07:00:00Z');
}, 120_000);
afterAll(() => t?.close());

const bucketOf = (age: number) => (age <= 2 ? 'days0to2' : age <= 7 ? 'days3to7' : age <= 14 ? 'days8to14' : age <= 30 ? 'days15to30' : 'over30');
function expected(of: typeof placed) {
  const open = of.filter((p) => p.backordered > 0);
  const ageOf = (p: (typeof placed)[number]) => (Date.parse(berlinDay(now)) - Date.parse(berlinDay(p.at))) / 86_400_000;
  const byAge = { days0to2: 0, days3to7: 0, days8to14: 0, days15to30: 0, over30: 0 };
  for (const p of open) byAge[bucketOf(ageOf(p))] += p.backordered;
  return { lines: open.length, units: open.reduce((s, p) => s + p.backordered, 0), byAge, oldestDays: open.length ? Math.max(...open.map(ageOf)) : null };
}

describe('GET /reports/backorder-ageing', () => {
  it('buckets open backordered units per SKU by local days since placement, oldest first, JSON and CSV', async () => {
    expect(placed.map((p) => p.backordered)).toEqual([5, 3, 2, 6, 1, 4, 7]);
    const r = await ok(t.api('GET', '/api/v1/reports/backorder-ageing', undefined, { as: 'warehouse' }));
    expect(r.asOf).toBe('2026-04-11');
    const pen = expected(placed.filter((p) => p.sku === 'PEN-1'));
    const mug = expected(placed.filter((p) => p.sku === 'MUG-1'));
    expect(pen).toMatchObject({ units: 21, oldestDays: 40, byAge: { days0to2: 7, days3to7: 4, days8to14: 0, days15to30: 2, over30: 8 } });
    // One row per SKU × the line's location (the location of the allocated part; none when wholly backordered).
    const keys = [...new Set(placed.filter((p) => p.backordered > 0).map((p) => `${p.sku}|${p.location ?? ''}`))];
    const want = keys.map((k) => {
      const [sku, location] = k.split('|') as [string, string];
      return { sku, locationCode: location || null, ...expected(placed.filter((p) => p.sku === sku && (p.location ?? '') === location)) };
    });
    want.sort((a, b) => (b.oldestDays ?? 0) - (a.oldestDays ?? 0) || a.sku.localeCompare(b.sku) || String(a.locationCode).localeCompare(String(b.locationCode)));
    expect(r.rows).toEqual(want);
    expect(placed.find((p) => p.backordered === 5)?.location).toBe('BER');
    expect(r.totals).toEqual(expected(placed));

    const onlyMug = await ok(t.api('GET', '/api/v1/reports/backorder-ageing?sku=MUG-1'));
    expect(onlyMug.totals).toEqual(mug);
    const csv = await t.api('GET', '/api/v1/reports/backorder-ageing?sku=PEN-1&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = (csv.body as string).split('\n');
    expect(lines[0]).toBe('sku,location_code,lines,units,days0to2,days3to7,days8to14,days15to30,over30,oldest_days');
    const penRows = want.filter((w) => w.sku === 'PEN-1');
    expect(lines.slice(1, -1)).toEqual(penRows.map((w) => [w.sku, w.locationCode ?? '', w.lines, w.units, ...Object.values(w.byAge), w.oldestDays].join(',')));
    expect((await t.api('GET', '/api/v1/reports/backorder-ageing?limit=0')).status).toBe(400);
  });
});
