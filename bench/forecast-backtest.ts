/**
 * Forecast backtest on the Online Retail history (issue 15, acceptance 3): weekly units of the top 500
 * SKUs by volume, rolling origins over the last weeks; each origin selects a model per SKU by an inner
 * rolling-origin backtest on the history before it, then forecasts `H` weeks. Prints MASE per model
 * (scaled by the in-sample one-step naive error) and the selected model's, plus MAE relative to naive.
 *
 *   npx tsx bench/forecast-backtest.ts ../shared/data/online-retail/online_retail.csv
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { croston, holtDamped, mase, naive, selectModel, ses, tsb, type Model } from '../src/domain/forecasting/index.js';
import { splitCsvLine } from './retail-oracle.js';

const file = process.argv[2];
if (!file) throw new Error('usage: tsx bench/forecast-backtest.ts <online_retail.csv>');
const H = Number(process.env.H ?? 4);
const EVAL_ORIGINS = Number(process.env.ORIGINS ?? 8);
const INNER = Number(process.env.INNER ?? 6);
const TOP = Number(process.env.TOP ?? 500);

const weekStart = Date.UTC(2010, 10, 29); // Monday 2010-11-29, the week of the first invoice
const weekOf = (date: string) => Math.floor((Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) - weekStart) / (7 * 86_400_000));
const units = new Map<string, Map<number, number>>();
let lastWeek = 0;
let first = true;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (first || line === '') {
    first = false;
    continue;
  }
  const [inv, sku, , qty, date, price] = splitCsvLine(line) as string[];
  const q = Number(qty);
  if (inv!.startsWith('C') || inv!.startsWith('A') || q <= 0 || !(Number(price) > 0)) continue;
  const w = weekOf(date!);
  lastWeek = Math.max(lastWeek, w);
  const m = units.get(sku!) ?? new Map<number, number>();
  m.set(w, (m.get(w) ?? 0) + q);
  units.set(sku!, m);
}
// The last week (2011-12-05 … 12-09) is incomplete: drop it.
const n = lastWeek;
const top = [...units].map(([sku, m]) => ({ sku, total: [...m.values()].reduce((s, v) => s + v, 0), m })).sort((a, b) => b.total - a.total).slice(0, TOP);
const series = top.map((t) => ({ sku: t.sku, y: Array.from({ length: n }, (_, w) => t.m.get(w) ?? 0) }));

const fixed: Model[] = [naive, ses, holtDamped, croston, tsb];
const acc = new Map<string, { mase: number; count: number; mae: number }>();
const add = (name: string, m: number, mae: number) => {
  const a = acc.get(name) ?? { mase: 0, count: 0, mae: 0 };
  if (Number.isFinite(m)) {
    a.mase += m;
    a.count++;
  }
  a.mae += mae;
  acc.set(name, a);
};
const chosenCount = new Map<string, number>();
const t0 = performance.now();
for (const { y } of series) {
  for (let o = n - H - EVAL_ORIGINS + 1; o <= n - H; o++) {
    const train = y.slice(0, o);
    const actual = y.slice(o, o + H);
    const maeOf = (f: number[]) => actual.reduce((s, a, i) => s + Math.abs(a - f[i]!), 0) / H;
    for (const m of fixed) {
      const f = m.fit(train).forecast(H);
      add(m.name, mase(actual, f, train), maeOf(f));
    }
    const sel = selectModel(train, { horizon: H, origins: INNER, seasonLength: 52 });
    chosenCount.set(sel.model.name, (chosenCount.get(sel.model.name) ?? 0) + 1);
    const f = sel.model.fit(train).forecast(H);
    add('selected per SKU', mase(actual, f, train), maeOf(f));
  }
}
const naiveMae = acc.get('naive')!.mae;
process.stdout.write(`${series.length} SKUs, ${n} full weeks, horizon ${H} weeks, ${EVAL_ORIGINS} rolling origins (weeks ${n - H - EVAL_ORIGINS + 1}..${n - H}), inner selection origins ${INNER}; ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`);
process.stdout.write('| model | mean MASE | MAE relative to naive |\n| --- | --- | --- |\n');
for (const [name, a] of acc) process.stdout.write(`| ${name} | ${(a.mase / a.count).toFixed(3)} | ${(a.mae / naiveMae).toFixed(3)} |\n`);
process.stdout.write(`\nmodels selected (SKU × origin): ${[...chosenCount].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
