import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { rebuildSalesRollups } from '../../src/modules/analytics/index.js';
import { queryRows } from '../../src/platform/db/query.js';

const tz = 'Europe/Berlin';
let t: TestApp;

const daily = () =>
  queryRows<Record<string, string>>(t.database.db, sql`
    select day::text, channel, country, location, currency, orders::text, units::text, gross_sales::text, cancelled_units::text, cancelled_amount::text
    from sales_daily where orders <> 0 or units <> 0 or cancelled_units <> 0 order by day, channel, country, location, currency`);
const skuDaily = () =>
  queryRows<Record<string, string>>(t.database.db, sql`
    select day::text, sku, currency, orders::text, units::text, gross_sales::text
    from sales_sku_daily where orders <> 0 or units <> 0 or gross_sales <> 0 order by day, sku, currency`);
const skuMonthly = () =>
  queryRows<Record<string, string>>(t.database.db, sql`
    select month::text, sku, currency, orders::text, units::text, gross_sales::text
    from sales_sku_monthly where orders <> 0 or units <> 0 or gross_sales <> 0 order by month, sku, currency`);
const top = async (by: 'product' | 'customer', from = '2000-01-01', to = '2100-01-01') => (await t.api('GET', `/api/v1/reports/top?by=${by}&from=${from}&to=${to}&currency=EUR&limit=500`)).body;
/** Everything the roll-ups answer: tables, and top products over whole months, partial months and a single day. */
const snapshot = async () => ({
  daily: await daily(), sku: await skuDaily(), monthly: await skuMonthly(),
  products: await top('product'), partial: await top('product', '2026-02-15', '2026-03-20'), day: await top('product', '2026-03-04', '2026-03-04'),
  customers: await top('customer'),
});

beforeAll(async () => {
  t = await testApp({ app: { timeZone: tz } });
  await makeLocation(t, { code: 'BER' });
  for (const sku of ['TEE', 'MUG']) {
    await makeProduct(t, { sku, name: sku });
    await receiveStock(t, sku, 'BER', 10_000);
  }
}, 60_000);
afterAll(() => t?.close());

describe('sales roll-up kept by the order event handler', () => {
  it('equals a full recomputation after random placements and cancellations', async () => {
    const action = fc.oneof(
      fc.record({
        kind: fc.constant('place' as const),
        channel: fc.constantFrom('web', 'pos', 'amazon'),
        address: fc.constantFrom(
          { name: 'A', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
          { name: 'B', line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
          { name: 'C', line1: 'Graben 1', city: 'Wien', postalCode: '1010', country: 'AT' },
        ),
        lines: fc.array(fc.record({ sku: fc.constantFrom('TEE', 'MUG'), quantity: fc.integer({ min: 1, max: 5 }), amount: fc.integer({ min: 0, max: 9999 }) }), { minLength: 1, maxLength: 3 }),
      }),
      fc.record({ kind: fc.constant('cancel' as const), which: fc.nat(), partial: fc.boolean() }),
    );
    const placed: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 6 }), async (actions) => {
        for (const a of actions) {
          if (a.kind === 'place') {
            const body = orderBody(a.lines, { channel: a.channel, shippingAddress: a.address });
            const r = await t.api('POST', '/api/v1/orders', body);
            expect(r.status, JSON.stringify(r.body)).toBe(201);
            placed.push(r.body.id);
          } else if (placed.length > 0) {
            const id = placed[a.which % placed.length]!;
            const o = (await t.api('GET', `/api/v1/orders/${id}`)).body;
            const line = o.lines.find((l: { quantityOrdered: number; quantityCancelled?: number }) => l.quantityOrdered - (l.quantityCancelled ?? 0) > 0);
            const body = a.partial && line ? { reason: 'test', lines: [{ lineId: line.id, quantity: 1 }] } : { reason: 'test' };
            await t.api('POST', `/api/v1/orders/${id}/cancel`, body); // may be refused (already cancelled): fine
          }
        }
        await t.drain();
        const incremental = await snapshot();
        await rebuildSalesRollups(t.database.db, { timeZone: tz });
        const rebuilt = await snapshot();
        expect(rebuilt).toEqual(incremental);
        expect(rebuilt.partial).toEqual(rebuilt.products);
        expect(rebuilt.day).toEqual(rebuilt.products);
      }),
      { numRuns: 5 },
    );
    const report = await t.api('GET', '/api/v1/reports/sales?groupBy=channel&currency=EUR');
    expect(report.status).toBe(200);
    expect(report.body.totals.orders).toBeGreaterThan(0);
    expect((await top('product')).rows.length).toBeGreaterThan(0);
    expect((await top('customer')).rows.length).toBeGreaterThan(0);
  }, 300_000);

  it('refuses a range that ends before it starts, naming the field', async () => {
    const r = await t.api('GET', '/api/v1/reports/sales?from=2026-03-02&to=2026-03-01');
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
    const bad = await t.api('GET', '/api/v1/reports/sales?groupBy=year');
    expect(bad.status).toBe(400);
  });

  it('exports the rows as CSV and hides money from the warehouse role', async () => {
    const r = await t.api('GET', '/api/v1/reports/sales?groupBy=country&format=csv&currency=EUR');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    const text = r.body as string;
    expect(text.split('\n')[0]).toBe('key,orders,units,gross_sales,average_order_value,cancelled_units,cancelled_amount,returned_units,returned_amount,currency');
    expect((await t.api('GET', '/api/v1/reports/sales', undefined, { as: 'warehouse' })).status).toBe(403);
  });
});

describe('cancellations beside gross sales', () => {
  it('a cancelled order keeps its gross sales and shows the cancelled units beside them', async () => {
    const body = orderBody([{ sku: 'TEE', quantity: 3, amount: 1250 }], { channel: 'phone' });
    const placed = await t.api('POST', '/api/v1/orders', body);
    expect(placed.status).toBe(201);
    expect((await t.api('POST', `/api/v1/orders/${placed.body.id}/cancel`, { reason: 'customer asked' })).status).toBe(200);
    await t.drain();
    const r = await t.api('GET', '/api/v1/reports/sales?groupBy=channel&channel=phone&currency=EUR');
    expect(r.body.rows).toEqual([
      expect.objectContaining({
        key: 'phone', orders: 1, units: 3, grossSales: { amount: '37.50', currency: 'EUR' },
        cancellations: { units: 3, amount: { amount: '37.50', currency: 'EUR' } },
      }),
    ]);
  });
});
