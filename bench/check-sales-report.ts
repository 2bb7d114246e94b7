/**
 * Compares Ordo's sales report with an independent streaming pass over the Online Retail CSV
 * (bench/retail-oracle.ts: its own CSV splitter and integer arithmetic, no Ordo code), and times each
 * report. Run after `ordo import online-retail` on the same database:
 *
 *   DATABASE_URL=postgres://…/ordo_data ORDO_TIME_ZONE=Europe/London npx tsx bench/check-sales-report.ts <csv>
 *
 * Exits 1 on any difference. Results are recorded in docs/benchmarks.md.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { salesReport } from '../src/modules/analytics/index.js';
import { salesReportQuery } from '../src/modules/analytics/sales-report.schemas.js';
import { asDecimal, OracleAccumulator } from './retail-oracle.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: tsx bench/check-sales-report.ts <online_retail.csv>\n');
  process.exit(2);
}
const cfg = loadConfig(process.env);

const acc = new OracleAccumulator();
for await (const l of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) acc.add(l);
const oracle = acc.result();

const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: 2 });
let failures = 0;
const check = (what: string, got: unknown, want: unknown) => {
  const ok = JSON.stringify(got) === JSON.stringify(want);
  if (!ok) failures++;
  process.stdout.write(`${ok ? 'OK      ' : 'MISMATCH'} ${what}: ordo ${JSON.stringify(got)}${ok ? '' : ` vs csv ${JSON.stringify(want)}`}\n`);
};
try {
  const timings: Array<[string, number]> = [];
  const run = async (groupBy: string) => {
    const q = salesReportQuery.parse({ groupBy });
    await salesReport(database.db, q, { timeZone: cfg.timeZone, defaultCurrency: 'GBP' }); // warm
    const t0 = performance.now();
    const r = await salesReport(database.db, q, { timeZone: cfg.timeZone, defaultCurrency: 'GBP' });
    timings.push([groupBy, performance.now() - t0]);
    return r;
  };
  const month = await run('month');
  check('data lines', oracle.dataLines, oracle.dataLines);
  check('totals', [month.totals.orders, month.totals.units, month.totals.grossSales.amount], [oracle.totals.orders, oracle.totals.units, asDecimal(oracle.totals.gross)]);
  check('returns/credits', [month.totals.returns.units, month.totals.returns.amount.amount], [oracle.credits.units, asDecimal(oracle.credits.amount)]);
  const rowsOf = (m: Map<string, { orders: number; units: number; gross: bigint }>) =>
    [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, f]) => [k, f.orders, f.units, asDecimal(f.gross)]);
  check(`${oracle.byMonth.size} month rows`, month.rows.map((r) => [r.key, r.orders, r.units, r.grossSales.amount]), rowsOf(oracle.byMonth));
  const country = await run('country');
  check(`${oracle.byCountry.size} country rows`, country.rows.map((r) => [r.key, r.orders, r.units, r.grossSales.amount]), rowsOf(oracle.byCountry));
  for (const g of ['day', 'week', 'channel']) await run(g);
  process.stdout.write(`\nreport latency on ${database.kind} (second call, ms): ${timings.map(([g, ms]) => `${g} ${ms.toFixed(1)}`).join(', ')}\n`);
} finally {
  await database.close();
}
process.stdout.write(failures === 0 ? 'ALL EQUAL\n' : `${failures} MISMATCH(ES)\n`);
process.exit(failures === 0 ? 0 : 1);
