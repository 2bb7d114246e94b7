/**
 * Demand forecasting models (pure, no IO): simple exponential smoothing, Holt's damped trend,
 * additive Holt-Winters (when the history holds two full seasons), Croston (SBA) and TSB for
 * intermittent demand, plus the naive benchmarks. Own code: no maintained JavaScript library covers
 * Croston/TSB and rolling-origin selection (docs/architecture.md). Parameters are fitted by a small
 * grid search on one-step-ahead squared error.
 */
export interface Fitted {
  model: string;
  /** Point forecasts for 1..h periods ahead (never negative). */
  forecast(h: number): number[];
  /** Standard deviation of the one-step-ahead in-sample errors. */
  sigma: number;
}

export interface Model {
  name: string;
  /** Smallest history the model can fit. */
  minLength: number;
  fit(y: readonly number[]): Fitted;
}

const grid = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let v = from; v <= to + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
};
const clamp0 = (xs: number[]) => xs.map((x) => (x > 0 ? x : 0));
const sd = (errs: number[]) => (errs.length === 0 ? 0 : Math.sqrt(errs.reduce((s, e) => s + e * e, 0) / errs.length));

/** One pass of a smoother: returns its one-step errors and the final state's forecast function. */
type Run = { errors: number[]; forecast(h: number): number[] };

function best(y: readonly number[], name: string, candidates: Array<() => Run>): Fitted {
  let bestRun: Run | null = null;
  let bestSse = Infinity;
  for (const c of candidates) {
    const r = c();
    const sse = r.errors.reduce((s, e) => s + e * e, 0);
    if (sse < bestSse) {
      bestSse = sse;
      bestRun = r;
    }
  }
  const r = bestRun!;
  return { model: name, sigma: sd(r.errors), forecast: (h) => clamp0(r.forecast(h)) };
}

export const naive: Model = {
  name: 'naive',
  minLength: 2,
  fit(y) {
    const errors = y.slice(1).map((v, i) => v - y[i]!);
    const last = y[y.length - 1]!;
    return { model: 'naive', sigma: sd(errors), forecast: (h) => Array(h).fill(last) };
  },
};

export function seasonalNaive(m: number): Model {
  return {
    name: `seasonal_naive_${m}`,
    minLength: m + 1,
    fit(y) {
      const errors = y.slice(m).map((v, i) => v - y[i]!);
      return { model: `seasonal_naive_${m}`, sigma: sd(errors), forecast: (h) => Array.from({ length: h }, (_, k) => y[y.length - m + (k % m)]!) };
    },
  };
}

export const ses: Model = {
  name: 'ses',
  minLength: 3,
  fit(y) {
    return best(y, 'ses', grid(0.05, 0.95, 0.05).map((a) => () => {
      let l = y[0]!;
      const errors: number[] = [];
      for (let t = 1; t < y.length; t++) {
        errors.push(y[t]! - l);
        l = a * y[t]! + (1 - a) * l;
      }
      return { errors, forecast: (h) => Array(h).fill(l) };
    }));
  },
};

export const holtDamped: Model = {
  name: 'holt_damped',
  minLength: 4,
  fit(y) {
    const cands: Array<() => Run> = [];
    for (const a of grid(0.1, 0.9, 0.2)) for (const b of grid(0.05, 0.35, 0.1)) for (const phi of [0.8, 0.9, 0.98]) {
      cands.push(() => {
        let l = y[0]!;
        let tr = y[1]! - y[0]!;
        const errors: number[] = [];
        for (let t = 1; t < y.length; t++) {
          const f = l + phi * tr;
          errors.push(y[t]! - f);
          const nl = a * y[t]! + (1 - a) * f;
          tr = b * (nl - l) + (1 - b) * phi * tr;
          l = nl;
        }
        return {
          errors,
          forecast: (h) => {
            let damp = 0;
            return Array.from({ length: h }, (_, k) => {
              damp += phi ** (k + 1);
              return l + damp * tr;
            });
          },
        };
      });
    }
    return best(y, 'holt_damped', cands);
  },
};

/** Additive Holt-Winters with season length m; needs two full seasons to initialise. */
export function holtWinters(m: number): Model {
  return {
    name: `holt_winters_${m}`,
    minLength: 2 * m,
    fit(y) {
      const cands: Array<() => Run> = [];
      for (const a of grid(0.1, 0.9, 0.2)) for (const b of [0.01, 0.1]) for (const g of grid(0.05, 0.45, 0.2)) {
        cands.push(() => {
          const mean1 = y.slice(0, m).reduce((s, v) => s + v, 0) / m;
          const mean2 = y.slice(m, 2 * m).reduce((s, v) => s + v, 0) / m;
          let l = mean1;
          let tr = (mean2 - mean1) / m;
          const season = y.slice(0, m).map((v) => v - mean1);
          const errors: number[] = [];
          for (let t = m; t < y.length; t++) {
            const s = season[t % m]!;
            const f = l + tr + s;
            errors.push(y[t]! - f);
            const nl = a * (y[t]! - s) + (1 - a) * (l + tr);
            tr = b * (nl - l) + (1 - b) * tr;
            season[t % m] = g * (y[t]! - nl) + (1 - g) * s;
            l = nl;
          }
          const n = y.length;
          return { errors, forecast: (h) => Array.from({ length: h }, (_, k) => l + (k + 1) * tr + season[(n + k) % m]!) };
        });
      }
      return best(y, `holt_winters_${m}`, cands);
    },
  };
}

/** Croston's method with the Syntetos-Boylan bias correction (SBA): demand size / interval, both smoothed at demands. */
export const croston: Model = {
  name: 'croston_sba',
  minLength: 3,
  fit(y) {
    return best(y, 'croston_sba', grid(0.05, 0.45, 0.1).map((a) => () => {
      let z = 0;
      let p = 1;
      let q = 1;
      let started = false;
      const errors: number[] = [];
      for (let t = 0; t < y.length; t++) {
        const f = started ? (1 - a / 2) * (z / p) : 0;
        if (t > 0) errors.push(y[t]! - f);
        if (y[t]! > 0) {
          if (!started) {
            z = y[t]!;
            p = q;
            started = true;
          } else {
            z = a * y[t]! + (1 - a) * z;
            p = a * q + (1 - a) * p;
          }
          q = 1;
        } else q++;
      }
      const f = started ? (1 - a / 2) * (z / p) : 0;
      return { errors, forecast: (h) => Array(h).fill(f) };
    }));
  },
};

/** Teunter-Syntetos-Babai: demand probability updated every period (so obsolescence shows), size at demands. */
export const tsb: Model = {
  name: 'tsb',
  minLength: 3,
  fit(y) {
    const cands: Array<() => Run> = [];
    for (const a of grid(0.05, 0.45, 0.1)) for (const b of grid(0.05, 0.45, 0.1)) {
      cands.push(() => {
        const firstDemand = y.find((v) => v > 0) ?? 0;
        let z = firstDemand;
        let p = y.filter((v) => v > 0).length / y.length || 0;
        const errors: number[] = [];
        for (let t = 0; t < y.length; t++) {
          if (t > 0) errors.push(y[t]! - p * z);
          if (y[t]! > 0) {
            z = a * y[t]! + (1 - a) * z;
            p = b + (1 - b) * p;
          } else p = (1 - b) * p;
        }
        return { errors, forecast: (h) => Array(h).fill(p * z) };
      });
    }
    return best(y, 'tsb', cands);
  },
};
