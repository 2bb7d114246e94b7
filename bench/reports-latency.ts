/**
 * Times every report over HTTP (in-process inject: routing, validation, auth, query, JSON/CSV) on a database that
 * holds the imported Online Retail history (docs/reports.md, docs/benchmarks.md):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ordo_data ORDO_TIME_ZONE=Europe/London npx tsx bench/reports-latency.ts
 *
 * Each report is called once to warm up, then 5 times; the median and the slowest call are printed. The 1 s target
 * is design §6 ("each analytics report over it in ≤ 1 s").
 */
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { buildApp } from '../src/app.js';
import { fixedClock } from '../src/platform/clock.js';
import { createApiKey } from '../src/platform/auth/api-keys.js';

const cfg = loadConfig(process.env);
const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: 2 });
// The history ends 2011-12-09: "today" is the day after, so the forecast and turnover defaults cover it.
const app = await buildApp({ database, clock: fixedClock(new Date('2011-12-10T12:00:00Z')), timeZone: cfg.timeZone, logger: false });
const { key } = await createApiKey(database.db, app.deps, { name: 'bench reports', role: 'read-only' });

const full = 'from=2010-12-01&to=2011-12-09';
const reports: Array<[string, string]> = [
  ['sales by day', `/api/v1/reports/sales?${full}&groupBy=day`],
  ['sales by week', `/api/v1/reports/sales?${full}&groupBy=week`],
  ['sales by month', `/api/v1/reports/sales?${full}&groupBy=month`],
  ['sales by channel', `/api/v1/reports/sales?${full}&groupBy=channel`],
  ['sales by country (CSV)', `/api/v1/reports/sales?${full}&groupBy=country&format=csv`],
  ['top 20 products', `/api/v1/reports/top?by=product&${full}&currency=GBP`],
  ['top 500 products (CSV)', `/api/v1/reports/top?by=product&${full}&currency=GBP&limit=500&format=csv`],
  ['top 20 customers', `/api/v1/reports/top?by=customer&${full}&currency=GBP`],
  ['forecast 85123A (60 weeks)', '/api/v1/reports/forecast?sku=85123A&to=2011-12-10&weeks=4&historyWeeks=60'],
  ['fulfillment speed', `/api/v1/reports/fulfillment-speed?${full}`],
  ['fulfillment speed per stage', `/api/v1/reports/fulfillment-stages?${full}`],
  ['fulfillment stages (CSV)', `/api/v1/reports/fulfillment-stages?${full}&format=csv`],
  ['sales by location', `/api/v1/reports/sales?${full}&groupBy=location`],
  ['sales of one location (unassigned)', `/api/v1/reports/sales?${full}&groupBy=month&location=unassigned`],
  ['repeat cohorts, 12 months', `/api/v1/reports/cohorts?${full}&months=12`],
  ['repeat cohorts of GB (CSV)', `/api/v1/reports/cohorts?${full}&months=12&country=GB&format=csv`],
  ['inventory turnover', `/api/v1/reports/inventory-turnover?${full}`],
  ['inventory turnover (CSV)', `/api/v1/reports/inventory-turnover?${full}&format=csv`],
  ['on-time delivery by month', `/api/v1/reports/on-time-delivery?${full}&groupBy=month`],
  ['on-time delivery by carrier', `/api/v1/reports/on-time-delivery?${full}&groupBy=carrier`],
  ['backorder ageing', '/api/v1/reports/backorder-ageing'],
  ['sell-through and dead stock', `/api/v1/reports/sell-through?${full}`],
  ['sell-through (CSV)', `/api/v1/reports/sell-through?${full}&format=csv`],
  ['returns by reason', '/api/v1/returns/reports/reasons?from=2010-12-01T00:00:00Z&to=2011-12-10T00:00:00Z'],
  ['dashboard', '/api/v1/reports/dashboard'],
];

const out: Array<{ report: string; status: number; bytes: number; medianMs: number; maxMs: number }> = [];
for (const [name, url] of reports) {
  const call = async () => {
    const t0 = performance.now();
    const res = await app.http.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
    return { ms: performance.now() - t0, status: res.statusCode, bytes: res.rawPayload.length };
  };
  await call();
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await call());
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  out.push({ report: name, status: runs[0]!.status, bytes: runs[0]!.bytes, medianMs: Math.round(ms[2]! * 10) / 10, maxMs: Math.round(ms[4]! * 10) / 10 });
}
console.log('| report | status | bytes | median ms | slowest ms |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of out) console.log(`| ${r.report} | ${r.status} | ${r.bytes} | ${r.medianMs} | ${r.maxMs} |`);
const over = out.filter((r) => r.maxMs > 1000 || r.status !== 200);
console.log(over.length ? `OVER 1 s or failed: ${over.map((r) => r.report).join(', ')}` : 'every report ≤ 1 s');
await app.http.close();
await database.close();
