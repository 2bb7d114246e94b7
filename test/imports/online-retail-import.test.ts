import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { importOnlineRetail, type ImportReport } from '../../src/modules/imports/index.js';
import { rebuildSalesRollups } from '../../src/modules/analytics/index.js';
import { queryRows } from '../../src/platform/db/query.js';
import { asDecimal, micro, oracleFromFile, splitCsvLine, type Oracle } from '../../bench/retail-oracle.js';

const slice = fileURLToPath(new URL('../fixtures/online-retail/slice.csv', import.meta.url));
const tz = 'Europe/London';
let t: TestApp;
let first: ImportReport;
let oracle: Oracle;

const deps = () => ({ db: t.database.db, clock: t.deps.clock, newId: t.deps.newId });
const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.database.db, q);

beforeAll(async () => {
  t = await testApp({ app: { timeZone: tz } });
  oracle = oracleFromFile(slice);
  first = await importOnlineRetail(deps(), createReadStream(slice), { batchLines: 700 });
  await rebuildSalesRollups(t.database.db, { timeZone: tz });
}, 120_000);
afterAll(() => t?.close());

describe('ordo import online-retail (a slice of the real file)', () => {
  it('accounts for every line by outcome and reason', () => {
    expect(first.linesRead).toBe(oracle.dataLines);
    expect(first.outcomes.reduce((s, o) => s + o.lines, 0)).toBe(3519);
    const by = (outcome: string) => first.outcomes.filter((o) => o.outcome === outcome).reduce((s, o) => s + o.lines, 0);
    expect(by('order_line')).toBe(first.orderLinesCreated);
    expect(by('order_line') + by('adjustment') + by('credit_matched') + by('credit_unmatched') + by('rejected')).toBe(3519);
    expect(first.otherLinesRecorded).toBe(3519 - first.orderLinesCreated);
    expect(by('rejected')).toBe(0);
    expect(first.ordersCreated).toBe(oracle.totals.orders);
  });

  it('the sales report equals an independent pass over the CSV: totals, months and countries', async () => {
    const month = await t.api('GET', '/api/v1/reports/sales?groupBy=month');
    expect(month.status, JSON.stringify(month.body)).toBe(200);
    expect(month.body.currency).toBe('GBP');
    expect(month.body.timeZone).toBe(tz);
    expect(month.body.totals.orders).toBe(oracle.totals.orders);
    expect(month.body.totals.units).toBe(oracle.totals.units);
    expect(month.body.totals.grossSales).toEqual({ amount: asDecimal(oracle.totals.gross), currency: 'GBP' });
    expect(month.body.totals.returns).toEqual({ units: oracle.credits.units, amount: { amount: asDecimal(oracle.credits.amount), currency: 'GBP' } });
    const expectRows = (got: Array<{ key: string; orders: number; units: number; grossSales: { amount: string } }>, want: Oracle['byMonth']) =>
      expect(got.map((r) => [r.key, r.orders, r.units, r.grossSales.amount])).toEqual(
        [...want].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, f]) => [k, f.orders, f.units, asDecimal(f.gross)]),
      );
    expectRows(month.body.rows, oracle.byMonth);
    const country = await t.api('GET', '/api/v1/reports/sales?groupBy=country');
    expectRows(country.body.rows, oracle.byCountry);
    // April 2011 holds invoice 550193 with its 0.001 GBP line: kept exact, not rounded to 0.00.
    expect(month.body.rows.find((r: { key: string }) => r.key === '2011-04').grossSales.amount).toMatch(/\.\d*1$/);
  });

  it('keeps a sub-penny unit price exact and records it beside the rounded line', async () => {
    const [line] = await rows<{ unit_price_amount: string; unit_price: string; status: string }>(sql`
      select l.unit_price_amount::text, e.unit_price::text, o.status from order_lines l join orders o on o.id = l.order_id
      join order_line_exact_prices e on e.order_line_id = l.id where o.external_id = '550193' and l.sku = 'PADS'`);
    expect(line).toEqual({ unit_price_amount: '0', unit_price: '0.001000', status: 'delivered' });
  });

  it('dates invoices in Europe/London and keeps an invoice split across the file as one order', async () => {
    const [o] = await rows<{ placed_at: Date; n: number; total: string }>(sql`
      select o.placed_at, count(l.id)::int as n, o.total_amount::text as total from orders o join order_lines l on l.order_id = o.id
      where o.channel = 'online-retail' and o.external_id = '536365' group by o.id`);
    expect(new Date(o!.placed_at).toISOString()).toBe('2010-12-01T08:26:00.000Z'); // GMT in December
    const [s] = await rows<{ placed_at: Date; n: number; sum: string; total: string }>(sql`
      select o.placed_at, count(l.id)::int as n, sum(l.line_total_amount)::text as sum, o.total_amount::text as total
      from orders o join order_lines l on l.order_id = o.id where o.external_id = '542806' group by o.id`);
    expect(s!.n).toBe(oracleLinesOf('542806'));
    expect(s!.total).toBe(s!.sum);
    expect(new Date(s!.placed_at).toISOString().slice(0, 10)).toBe('2011-02-01');
  });

  it('links a credit note line to its sale only when the match is certain, and records returned quantities', async () => {
    const [r] = await rows<{ matched: number; returned: number; credited: number }>(sql`
      select (select count(*)::int from import_lines where outcome = 'credit_matched') as matched,
        (select coalesce(sum(quantity_returned), 0)::int from order_lines) as returned,
        (select coalesce(sum(-quantity), 0)::int from import_lines where outcome = 'credit_matched') as credited`);
    expect(r!.matched).toBeGreaterThan(0);
    expect(r!.returned).toBe(r!.credited);
  });

  it('a re-run writes nothing and the report is unchanged', async () => {
    const before = (await t.api('GET', '/api/v1/reports/sales?groupBy=day')).body;
    const again = await importOnlineRetail(deps(), createReadStream(slice), { batchLines: 1000 });
    await rebuildSalesRollups(t.database.db, { timeZone: tz });
    expect([again.ordersCreated, again.orderLinesCreated, again.otherLinesRecorded]).toEqual([0, 0, 0]);
    expect(again.outcomes).toEqual(first.outcomes);
    expect((await t.api('GET', '/api/v1/reports/sales?groupBy=day')).body).toEqual(before);
    const [{ returned }] = (await rows<{ returned: number }>(sql`select sum(quantity_returned)::int as returned from order_lines`)) as [{ returned: number }];
    const [{ credited }] = (await rows<{ credited: number }>(sql`select sum(-quantity)::int as credited from import_lines where outcome = 'credit_matched'`)) as [{ credited: number }];
    expect(returned).toBe(credited);
  });

  it('top products and customers equal a direct sum over the slice, JSON and CSV', async () => {
    const r = await t.api('GET', '/api/v1/reports/top?by=product&from=2010-12-01&to=2010-12-31&currency=GBP&limit=3');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const want = new Map<string, { units: number; gross: bigint }>();
    for (const line of readLines().slice(1)) {
      const f = splitCsvLine(line);
      if (f.length < 8 || !f[4]!.startsWith('2010-12') || !/^\d/.test(f[0]!) || Number(f[3]) <= 0 || micro(f[5]!) <= 0n) continue;
      const w = want.get(f[1]!) ?? { units: 0, gross: 0n };
      w.units += Number(f[3]);
      w.gross += BigInt(Number(f[3])) * micro(f[5]!);
      want.set(f[1]!, w);
    }
    const top3 = [...want].sort((a, b) => (b[1].gross > a[1].gross ? 1 : b[1].gross < a[1].gross ? -1 : a[0] < b[0] ? -1 : 1)).slice(0, 3);
    expect(r.body.rows.map((x: { key: string; units: number; grossSales: { amount: string } }) => [x.key, x.units, x.grossSales.amount])).toEqual(
      top3.map(([k, v]) => [k, v.units, asDecimal(v.gross)]),
    );
    const csv = await t.api('GET', '/api/v1/reports/top?by=customer&from=2010-12-01&to=2011-12-31&currency=GBP&limit=5&format=csv');
    expect(csv.status).toBe(200);
    expect((csv.body as string).trim().split('\n')).toHaveLength(6);
    expect((await t.api('GET', '/api/v1/reports/top?from=2011-01-02&to=2011-01-01&currency=GBP')).status).toBe(400);
  });

  it('forecasts weekly demand of an imported SKU with a band and a reorder point', async () => {
    const r = await t.api('GET', '/api/v1/reports/forecast?sku=85123A&to=2011-12-10&weeks=4&historyWeeks=60&leadTimeWeeks=2&serviceLevel=0.95');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const f = r.body;
    expect(f.history[0]).toEqual({ week: '2010-11-29', units: expect.any(Number) });
    expect(f.history.at(-1).week).toBe('2011-11-28'); // the last full week before 2011-12-05
    expect(f.history[0].units).toBeGreaterThan(0);
    expect(f.forecast.map((x: { week: string }) => x.week)).toEqual(['2011-12-05', '2011-12-12', '2011-12-19', '2011-12-26']);
    for (const x of f.forecast) expect(x.lower <= x.mean && x.mean <= x.upper && x.lower >= 0).toBe(true);
    expect(Object.keys(f.backtestMae)).toEqual(expect.arrayContaining(['naive', 'ses', 'croston_sba', 'tsb'])); // mostly zero weeks in the slice
    expect(f.reorder.reorderPoint).toBeGreaterThanOrEqual(f.reorder.leadTimeDemand + f.reorder.safetyStock - 1);
    expect((await t.api('GET', '/api/v1/reports/forecast?sku=85123A&serviceLevel=1')).status).toBe(400);
  });

  it('reports rejected lines with their line numbers and writes nothing for them', async () => {
    const text = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '900001,TEST1,GOOD LINE,2,2011-05-01 10:00:00,1.5,99999.0,United Kingdom',
      '900001,TEST1,BAD QTY,two,2011-05-01 10:00:00,1.5,99999.0,United Kingdom',
      '900002,TEST2,BAD DATE,1,01/05/2011 10:00,1.5,,France',
      '900003,TEST3,"UNCLOSED,1,2011-05-01 10:00:00,1.5,,France',
    ].join('\n');
    const r = await importOnlineRetail(deps(), Readable.from([text]));
    expect(r.linesRead).toBe(4);
    expect(r.ordersCreated).toBe(1);
    expect(r.orderLinesCreated).toBe(1);
    expect(r.rejected.map((x) => x.line).slice(0, 2)).toEqual([3, 4]);
    expect(r.rejected[0]!.reason).toMatch(/Quantity/);
    expect(r.rejected[1]!.reason).toMatch(/InvoiceDate/);
    expect(r.outcomes.reduce((s, o) => s + o.lines, 0)).toBe(4);
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from orders where external_id in ('900002', '900003')`);
    expect(n!.n).toBe(0);
  });
});

function oracleLinesOf(invoice: string): number {
  // sale lines (positive quantity and price) of the invoice in the slice, counted from the raw text
  return readLines().filter((l) => l.startsWith(`${invoice},`)).filter((l) => {
    const f = l.split(',');
    return Number(f[3]) > 0 && Number(f[f.length - 3]) > 0;
  }).length;
}
const readLines = () => readFileSync(slice, "utf8").split("\n");
