import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { addDays, isoWeekday, localDate } from '../../domain/local-time.js';
import { forecastWithInterval, reorderPolicy, selectModel } from '../../domain/forecasting/index.js';

export const forecastQuery = z.object({
  sku: z.string().min(1).max(100),
  weeks: z.coerce.number().int().min(1).max(26).default(8).describe('Forecast horizon in weeks'),
  to: z.iso.date('must be a date YYYY-MM-DD').optional().describe('Last day of history (default today, shop time zone); history ends with the last full week before it'),
  historyWeeks: z.coerce.number().int().min(8).max(260).default(104),
  leadTimeWeeks: z.coerce.number().min(0.1).max(52).default(2),
  serviceLevel: z.coerce.number().gt(0.5).lt(1).default(0.95),
  coverage: z.coerce.number().gt(0).lt(1).default(0.8).describe('Central prediction interval, 0.8 = 10 % … 90 %'),
});
export type ForecastQuery = z.infer<typeof forecastQuery>;

const point = z.object({ week: z.string(), units: z.number() });
export const forecastSchema = z
  .object({
    sku: z.string(),
    timeZone: z.string(),
    model: z.string().describe('Chosen by rolling-origin backtest (6 origins, the forecast horizon)'),
    backtestMae: z.record(z.string(), z.number()).describe('Mean absolute error of every candidate model'),
    history: z.array(point).describe('Units ordered minus cancelled per ISO week (Monday), oldest first'),
    forecast: z.array(z.object({ week: z.string(), mean: z.number(), lower: z.number(), upper: z.number() })),
    reorder: z.object({ leadTimeWeeks: z.number(), serviceLevel: z.number(), leadTimeDemand: z.number(), safetyStock: z.number(), reorderPoint: z.number() }),
  })
  .meta({ id: 'DemandForecast' });
export type ForecastJson = z.infer<typeof forecastSchema>;

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Weekly demand of one SKU (all channels and locations), its forecast with a prediction band, and the
 * reorder point for a lead time and service level (src/domain/forecasting). Reads the order lines of the
 * SKU directly: a per-SKU weekly roll-up is the next step for catalogues with long histories.
 */
export async function demandForecast(db: Db, q: ForecastQuery, opts: { timeZone: string; today: Date }): Promise<ForecastJson> {
  const to = q.to ?? localDate(opts.today, opts.timeZone);
  const thisMonday = addDays(to, 1 - isoWeekday(to));
  const firstMonday = addDays(thisMonday, -7 * q.historyWeeks);
  const rows = await queryRows<{ week: string; units: string }>(db, sql`
    select to_char(date_trunc('week', o.placed_at at time zone ${opts.timeZone}::text), 'YYYY-MM-DD') as week,
      sum(l.quantity_ordered - l.quantity_cancelled)::text as units
    from order_lines l join orders o on o.id = l.order_id
    where l.sku = ${q.sku} and l.unit_price_amount >= 0
      and o.placed_at >= (${firstMonday}::date::timestamp at time zone ${opts.timeZone}::text)
      and o.placed_at < (${thisMonday}::date::timestamp at time zone ${opts.timeZone}::text)
    group by 1`);
  const byWeek = new Map(rows.map((r) => [r.week, Number(r.units)]));
  const firstWithData = rows.map((r) => r.week).sort()[0] ?? addDays(thisMonday, -7 * 8);
  const history: Array<{ week: string; units: number }> = [];
  for (let w = firstWithData; w < thisMonday; w = addDays(w, 7)) history.push({ week: w, units: byWeek.get(w) ?? 0 });
  while (history.length < 8) history.unshift({ week: addDays(history[0]?.week ?? thisMonday, -7), units: 0 });
  const y = history.map((h) => h.units);
  const sel = selectModel(y, { horizon: q.weeks, origins: 6, seasonLength: 52 });
  const fitted = sel.model.fit(y);
  const band = forecastWithInterval(fitted, q.weeks, q.coverage);
  const policy = reorderPolicy({ forecastMean: band.mean, sigma: fitted.sigma, leadTimePeriods: q.leadTimeWeeks, serviceLevel: q.serviceLevel });
  return {
    sku: q.sku,
    timeZone: opts.timeZone,
    model: sel.model.name,
    backtestMae: Object.fromEntries(Object.entries(sel.scores).map(([k, v]) => [k, Number.isFinite(v) ? round2(v) : -1])),
    history,
    forecast: band.mean.map((m, k) => ({ week: addDays(thisMonday, 7 * k), mean: round2(m), lower: round2(band.lower[k]!), upper: round2(band.upper[k]!) })),
    reorder: { leadTimeWeeks: q.leadTimeWeeks, serviceLevel: q.serviceLevel, ...policy },
  };
}
