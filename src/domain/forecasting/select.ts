import { croston, holtDamped, holtWinters, naive, ses, tsb, type Fitted, type Model } from './models.js';

/** Share of zero periods above which a series counts as intermittent (Croston/TSB join the candidates). */
export const INTERMITTENT_ZERO_SHARE = 0.3;

/** The candidate models for a series: smoothing always, Holt-Winters with two full seasons, Croston/TSB when intermittent. */
export function candidateModels(y: readonly number[], seasonLength: number): Model[] {
  const zeros = y.filter((v) => v === 0).length / Math.max(1, y.length);
  const models: Model[] = [naive, ses, holtDamped];
  if (y.length >= 2 * seasonLength + 4) models.push(holtWinters(seasonLength));
  if (zeros >= INTERMITTENT_ZERO_SHARE) models.push(croston, tsb);
  return models.filter((m) => y.length >= m.minLength);
}

/**
 * Rolling-origin backtest: for each origin (the last `origins` positions that leave `horizon` periods
 * to compare), fit on the history before it and forecast `horizon` periods. Mean absolute error over all.
 */
export function backtestMae(model: Model, y: readonly number[], opts: { horizon: number; origins: number }): number {
  let sum = 0;
  let n = 0;
  const last = y.length - opts.horizon;
  for (let o = Math.max(model.minLength, last - opts.origins + 1); o <= last; o++) {
    const f = model.fit(y.slice(0, o)).forecast(opts.horizon);
    for (let k = 0; k < opts.horizon; k++) {
      sum += Math.abs(y[o + k]! - f[k]!);
      n++;
    }
  }
  return n === 0 ? Infinity : sum / n;
}

export interface Selection {
  model: Model;
  /** Backtest MAE of every candidate, by name. */
  scores: Record<string, number>;
}

/** Chooses the candidate with the lowest rolling-origin MAE (ties: the earlier, simpler one). */
export function selectModel(y: readonly number[], opts: { horizon: number; origins: number; seasonLength: number }): Selection {
  const scores: Record<string, number> = {};
  let chosen: Model = naive;
  let bestMae = Infinity;
  for (const m of candidateModels(y, opts.seasonLength)) {
    const mae = backtestMae(m, y, opts);
    scores[m.name] = mae;
    if (mae < bestMae) {
      bestMae = mae;
      chosen = m;
    }
  }
  return { model: chosen, scores };
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155211881];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

export interface ForecastBand {
  model: string;
  mean: number[];
  lower: number[];
  upper: number[];
}

/**
 * Point forecast with a central prediction interval of `coverage` (0.8 = 10 %..90 %): the one-step error
 * sd widened with the square root of the horizon, and never below zero.
 */
export function forecastWithInterval(fitted: Fitted, h: number, coverage = 0.8): ForecastBand {
  const z = normalQuantile(0.5 + coverage / 2);
  const mean = fitted.forecast(h);
  return {
    model: fitted.model,
    mean,
    lower: mean.map((m, k) => Math.max(0, m - z * fitted.sigma * Math.sqrt(k + 1))),
    upper: mean.map((m, k) => m + z * fitted.sigma * Math.sqrt(k + 1)),
  };
}

/** Mean absolute scaled error: MAE of the forecast / in-sample MAE of the one-step naive forecast on `train`. */
export function mase(actual: readonly number[], forecast: readonly number[], train: readonly number[]): number {
  let scale = 0;
  for (let t = 1; t < train.length; t++) scale += Math.abs(train[t]! - train[t - 1]!);
  scale /= Math.max(1, train.length - 1);
  const mae = actual.reduce((s, a, i) => s + Math.abs(a - forecast[i]!), 0) / Math.max(1, actual.length);
  return scale === 0 ? (mae === 0 ? 0 : Infinity) : mae / scale;
}
