import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { seedDemo, type SeedSummary } from '../../cli/seed/seed-demo.js';
import { queryRows } from '../../src/platform/db/query.js';
import { PINNED_START } from '../support/clock.js';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
let summary: SeedSummary;
beforeAll(async () => {
  t = await testApp();
  summary = await seedDemo(t, { orders: 60 });
  await t.drain();
}, 240_000);
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
