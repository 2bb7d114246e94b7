import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { seedDemo, type SeedSummary } from '../../cli/seed/seed-demo.js';
import { demoBoxes, demoProducts } from '../../cli/seed/demo-data.js';
import { queryRows } from '../../src/platform/db/query.js';
import { PINNED_START } from '../support/clock.js';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
let summary: SeedSummary;
let seedSeconds = 0;
/** Events the seed left undelivered (before the test's own drain). */
let leftBySeed: Array<{ type: string; available_at: Date }> = [];
beforeAll(async () => {
  t = await testApp();
  const started = Date.now();
  summary = await seedDemo(t, { orders: 60 });
  seedSeconds = (Date.now() - started) / 1000;
  leftBySeed = await queryRows(t.deps.db, sql`select type, available_at from outbox where dispatched_at is null`);
  console.log(`seedDemo(60 orders): ${seedSeconds.toFixed(1)} s`, JSON.stringify(summary.lifecycle));
  await t.drain();
}, 600_000);
afterAll(() => t.close());

describe('seed --demo: 13 months of history, suppliers and a reorder trigger with something to do', () => {
  it('orders are placed across at least 13 calendar months before the clock, on several channels and countries', async () => {
    const [span] = await queryRows<{ first: Date; last: Date; months: number; channels: number; countries: number }>(t.deps.db, sql`
      select min(placed_at) as first, max(placed_at) as last, count(distinct to_char(placed_at, 'YYYY-MM'))::int as months,
        count(distinct channel)::int as channels, count(distinct shipping_address->>'country')::int as countries from orders`);
    expect(span!.months).toBeGreaterThanOrEqual(13);
    expect(new Date(span!.first).getTime()).toBeLessThan(PINNED_START.getTime() - 365 * 86_400_000);
    expect(new Date(span!.last).getTime()).toBeLessThanOrEqual(t.deps.clock.now().getTime());
    expect(span!.channels).toBeGreaterThanOrEqual(4);
    expect(span!.countries).toBeGreaterThanOrEqual(2);
    expect(summary.cancelled).toBeGreaterThan(0);
  });

  it('the clock is given back: after the seed it reads the present again', () => {
    // The test clock is pinned: "the present" is PINNED_START (plus the minutes the seed advanced it).
    expect(Math.abs(t.deps.clock.now().getTime() - PINNED_START.getTime())).toBeLessThan(3_600_000);
  });

  it('the monthly sales report shows the history (roll-ups rebuilt)', async () => {
    const res = await t.api('GET', '/api/v1/reports/sales?groupBy=month');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rows.length).toBeGreaterThanOrEqual(13);
  });

  it('suppliers sell every demo product with a lead time, pack size and cost', async () => {
    const res = await t.api('GET', '/api/v1/suppliers');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(3);
    const products = res.body.items.flatMap((s: any) => s.products);
    expect(products.length).toBeGreaterThan(40);
    for (const p of products) expect(p.leadTimeDays > 0 && p.packSize >= 1 && p.cost.amount > 0).toBe(true);
  });

  it('the reorder trigger drafts at least one purchase order from the demo history', async () => {
    const run = await t.api('POST', '/api/v1/purchasing/reorder-run', {});
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.drafts.length).toBeGreaterThanOrEqual(1);
    const drafts = await t.api('GET', '/api/v1/purchase-orders?status=draft');
    expect(drafts.body.items.some((po: any) => po.origin === 'reorder' && po.lines.length > 0)).toBe(true);
  });
});

/** The history's own first and last local day (the seed's 13 months before the pinned present). */
const range = () => {
  const to = PINNED_START.toISOString().slice(0, 10);
  const from = new Date(PINNED_START.getTime() - 400 * 86_400_000).toISOString().slice(0, 10);
  return `from=${from}&to=${to}`;
};

describe('seed --demo: the older orders went through their lifecycle, so the operations reports have something to show', () => {
  it('the seed ran the event handlers itself: nothing is left in the outbox when it returns', async () => {
    expect(leftBySeed).toEqual([]);
    const [delivered] = await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from outbox where dispatched_at is not null and type = 'shipment.delivered'`);
    expect(delivered!.n).toBe(summary.lifecycle.delivered);
  });

  it('orders were shipped from at least two locations over the year; fulfillment speed has percentiles per location', async () => {
    const r = await t.api('GET', `/api/v1/reports/fulfillment-speed?${range()}&groupBy=location`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = r.body.rows.filter((x: any) => x.shipments > 0 && x.p50Hours > 0 && x.p90Hours >= x.p50Hours);
    expect(rows.length, JSON.stringify(r.body.rows)).toBeGreaterThanOrEqual(2);
    // Hand-offs are spread over the year, not all on the seed's last day.
    const weeks = await t.api('GET', `/api/v1/reports/fulfillment-speed?${range()}&groupBy=week`);
    expect(weeks.body.rows.length).toBeGreaterThanOrEqual(20);
    expect(summary.lifecycle.shipments).toBe(r.body.totals.shipments);
  });

  it('deliveries are measured against the promise: some on time, some late, and a few parcels not (yet) delivered', async () => {
    const r = await t.api('GET', `/api/v1/reports/on-time-delivery?${range()}&groupBy=month`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.totals.onTime).toBeGreaterThan(0);
    expect(r.body.totals.late).toBeGreaterThan(0);
    expect(r.body.totals.onTime).toBeGreaterThan(r.body.totals.late);
    expect(r.body.rows.length).toBeGreaterThanOrEqual(10);
    const undelivered = [];
    for (const status of ['in_transit', 'exception']) undelivered.push(...(await t.api('GET', `/api/v1/shipments?status=${status}&limit=100`)).body.items);
    // Parcels due after now (their in-transit scan may be later still) and delivery exceptions.
    expect(undelivered.length).toBeGreaterThan(0);
    expect(undelivered.length).toBeLessThanOrEqual(summary.lifecycle.inTransit + summary.lifecycle.exceptions);
    const delivered = await t.api('GET', '/api/v1/orders?status=delivered&limit=1');
    expect(delivered.body.items.length).toBe(1);
  });

  it('some deliveries came back: the returns report has reasons, and received returns restocked or scrapped units', async () => {
    const r = await t.api('GET', '/api/v1/returns/reports/reasons');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.length, JSON.stringify(r.body)).toBeGreaterThanOrEqual(2);
    expect(r.body.items.every((x: any) => x.units > 0 && x.returns > 0)).toBe(true);
    const completed = await t.api('GET', '/api/v1/returns?status=completed&limit=100');
    expect(completed.body.items.length).toBeGreaterThan(0);
    const [moved] = await queryRows<{ n: number }>(t.deps.db, sql`select count(*)::int as n from inventory_movements where reason = 'return'`);
    expect(moved!.n).toBeGreaterThan(0);
    const sales = await t.api('GET', '/api/v1/reports/sales?groupBy=month');
    expect(sales.body.totals.returns.units).toBeGreaterThan(0);
  });

  it('backorders of the products out of stock are open and ageing', async () => {
    const r = await t.api('GET', '/api/v1/reports/backorder-ageing');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rows.length).toBeGreaterThan(0);
    expect(r.body.totals.units).toBeGreaterThan(0);
  });

  it('inventory turnover and sell-through see the shipments and the sales of the year', async () => {
    const turnover = await t.api('GET', `/api/v1/reports/inventory-turnover?${range()}`);
    expect(turnover.status, JSON.stringify(turnover.body)).toBe(200);
    expect(turnover.body.rows.filter((x: any) => x.unitsShipped > 0).length).toBeGreaterThan(5);
    const sell = await t.api('GET', `/api/v1/reports/sell-through?${range()}`);
    expect(sell.status, JSON.stringify(sell.body)).toBe(200);
    expect(sell.body.rows.filter((x: any) => x.unitsSold > 0 && x.sellThrough > 0).length).toBeGreaterThan(5);
  });
});

// Was test/cli/seed-demo-shipping.test.ts with its own 12-order seed: it needs only some demo business with an
// open fulfillment order, so it shares this file's seed (the last orders are left open for the console).
describe('seed --demo: the console walkthrough works on the demo data', () => {
  it('every demo product fits a box of the demo catalog (sorted dimensions and weight)', () => {
    const sorted = (d: number[]) => [...d].sort((a, b) => b - a);
    const unpackable = demoProducts
      .filter(([, , , weight, l, w, h]) => !demoBoxes.some((b) => {
        const inner = sorted([b.dimensionsMm.length, b.dimensionsMm.width, b.dimensionsMm.height]);
        return sorted([l, w, h]).every((d, i) => d <= inner[i]!) && weight <= b.maxWeightGrams;
      }))
      .map(([sku]) => sku);
    expect(unpackable).toEqual([]);
  });

  it('a released fulfillment order can be picked, packed into a suggested box and labelled', async () => {
    const boxes = await t.api('GET', '/api/v1/boxes');
    expect(boxes.body.items.length).toBeGreaterThan(0);
    const carriers = await t.api('GET', '/api/v1/carriers');
    expect(carriers.body.items.map((c: any) => c.adapter)).toContain('table_rate');

    const open = await t.api('GET', '/api/v1/fulfillment-orders?status=open&type=ship&limit=1');
    const fo = open.body.items[0];
    expect(fo).toBeDefined();
    const started = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/start-picking`, {}, { as: 'warehouse' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    for (const line of started.body.lines) {
      const scan = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/scan`, { code: line.gtin ?? line.sku, quantity: line.quantity }, { as: 'warehouse' });
      expect(scan.status, JSON.stringify(scan.body)).toBe(200);
    }
    const packed = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/pack`, {}, { as: 'warehouse' });
    expect(packed.status, JSON.stringify(packed.body)).toBe(200);
    expect(demoBoxes.map((b) => b.code)).toContain(packed.body.package.boxCode);

    const label = await t.api('POST', `/api/v1/fulfillment-orders/${fo.id}/shipments`, {}, { as: 'warehouse' });
    expect(label.status, JSON.stringify(label.body)).toBe(201);
    expect(label.body).toMatchObject({ carrier: 'ordo-post', status: 'label_purchased' });
    expect(label.body.trackingNumbers[0]).toMatch(/^LX\d{9}DE$/);
  });
});
