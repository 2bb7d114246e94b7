import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/platform/db/query.js';
import type { Clock } from '../../src/platform/clock.js';
import { testApp, type TestApp } from '../support/app.js';
import { ok, packedOrder, shippingWorld } from '../shipping/support.js';

/** Fulfillment speed (placement → handed to the carrier) and inventory turnover / days of cover, through the API. */
let now = new Date('2026-03-02T08:00:00Z'); // Monday of ISO week 2026-W10
const clock: Clock = { now: () => new Date(now) };
const hours = (h: number) => (now = new Date(now.getTime() + h * 3_600_000));
let t: TestApp;

/** An order of one pen placed now, packed, labelled and handed off `after` hours later. */
async function shipAfter(after: number) {
  const { order, fo } = await packedOrder(t, [{ sku: 'PEN-1', quantity: 1 }]);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, { level: 'standard' }, { as: 'warehouse' }), 201);
  hours(after);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/hand-off`, undefined, { as: 'warehouse' }));
  await t.drain();
  return order;
}

beforeAll(async () => {
  t = await testApp({ clock, app: { timeZone: 'Europe/Berlin' } });
  await shippingWorld(t); // BER with 20 of each product
  await shipAfter(10);
  await shipAfter(30);
  hours(24 * 7 - 40); // next week
  await shipAfter(4);
}, 120_000);
afterAll(() => t?.close());

describe('GET /reports/fulfillment-speed', () => {
  it('gives p50 / p90 / mean hours from placement to hand-off per week and location, JSON and CSV', async () => {
    const r = await ok(t.api('GET', '/api/v1/reports/fulfillment-speed?from=2026-03-01&to=2026-03-31', undefined, { as: 'warehouse' }));
    expect(r.rows).toEqual([
      { week: '2026-W10', locationCode: 'BER', shipments: 2, p50Hours: 20, p90Hours: 28, averageHours: 20 },
      { week: '2026-W11', locationCode: 'BER', shipments: 1, p50Hours: 4, p90Hours: 4, averageHours: 4 },
    ]);
    expect(r.totals).toEqual({ shipments: 3, p50Hours: 10, p90Hours: 26, averageHours: 14.7 });
    const byLocation = await ok(t.api('GET', '/api/v1/reports/fulfillment-speed?from=2026-03-01&to=2026-03-31&groupBy=location'));
    expect(byLocation.rows).toEqual([{ week: null, locationCode: 'BER', shipments: 3, p50Hours: 10, p90Hours: 26, averageHours: 14.7 }]);
    const csv = await t.api('GET', '/api/v1/reports/fulfillment-speed?from=2026-03-01&to=2026-03-31&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toBe('week,location_code,shipments,p50_hours,p90_hours,average_hours\n2026-W10,BER,2,20,28,20\n2026-W11,BER,1,4,4,4\n');
    const none = await ok(t.api('GET', '/api/v1/reports/fulfillment-speed?from=2026-01-01&to=2026-01-31'));
    expect(none).toMatchObject({ rows: [], totals: { shipments: 0 } });
    const bad = await t.api('GET', '/api/v1/reports/fulfillment-speed?from=2026-03-31&to=2026-03-01');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
  });
});

describe('GET /reports/inventory-turnover', () => {
  it('equals the ledger: opening and closing on hand, units shipped, turnover and days of cover', async () => {
    const r = await ok(t.api('GET', '/api/v1/reports/inventory-turnover?from=2026-03-02&to=2026-03-15&locationCode=BER'));
    expect(r).toMatchObject({ from: '2026-03-02', to: '2026-03-15', days: 14 });
    const ledger = await queryRows<{ sku: string; opening: number; closing: number; shipped: number }>(t.database.db, sql`
      select sku, coalesce(sum(delta) filter (where created_at < '2026-03-01T23:00:00Z'), 0)::int as opening,
        coalesce(sum(delta) filter (where created_at < '2026-03-15T23:00:00Z'), 0)::int as closing,
        coalesce(-sum(delta) filter (where reason = 'shipment' and created_at >= '2026-03-01T23:00:00Z' and created_at < '2026-03-15T23:00:00Z'), 0)::int as shipped
      from inventory_movements where location_code = 'BER' group by sku`);
    const pen = r.rows.find((x: { sku: string }) => x.sku === 'PEN-1');
    const want = ledger.find((l) => l.sku === 'PEN-1')!;
    expect(want.shipped).toBe(3);
    expect(pen).toMatchObject({ openingOnHand: want.opening, closingOnHand: want.closing, unitsShipped: 3, available: 17 });
    const average = (want.opening + want.closing) / 2;
    expect(pen.turnover).toBeCloseTo(3 / average, 2);
    expect(pen.daysOfCover).toBeCloseTo(17 / (3 / 14), 2);
    // Shortest cover first; SKUs that did not ship have no days of cover.
    expect(r.rows[0].sku).toBe('PEN-1');
    expect(r.rows.find((x: { sku: string }) => x.sku === 'BOOK-1')).toMatchObject({ unitsShipped: 0, daysOfCover: null });
    const csv = await t.api('GET', '/api/v1/reports/inventory-turnover?from=2026-03-02&to=2026-03-15&sku=PEN-1&format=csv');
    expect((csv.body as string).split('\n')[0]).toBe('sku,location_code,opening_on_hand,closing_on_hand,average_on_hand,units_shipped,turnover,annual_turnover,available,days_of_cover');
    expect((csv.body as string).split('\n')[1]).toMatch(/^PEN-1,BER,/);
    expect((await t.api('GET', '/api/v1/reports/inventory-turnover', undefined, { as: 'support' })).status).toBe(403);
  });
});
