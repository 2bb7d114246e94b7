import { describe, expect, it } from 'vitest';
import {
  backtestMae, croston, forecastWithInterval, holtWinters, mase, naive, normalQuantile, orderQuantity, reorderPolicy, selectModel, ses, tsb,
} from '../../src/domain/forecasting/index.js';

/** A deterministic pseudo-random stream (no Math.random in tests). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('forecasting models', () => {
  it('SES on a flat series forecasts the level, and its interval holds it', () => {
    const y = Array(30).fill(12);
    const band = forecastWithInterval(ses.fit(y), 4);
    expect(band.mean).toEqual([12, 12, 12, 12]);
    expect(band.lower.every((l, i) => l <= band.mean[i]! && band.upper[i]! >= band.mean[i]!)).toBe(true);
  });

  it('Holt-Winters follows a seasonal pattern that the naive forecast misses', () => {
    const r = rng(7);
    const y = Array.from({ length: 60 }, (_, t) => 50 + 0.5 * t + 20 * Math.sin((2 * Math.PI * t) / 12) + (r() - 0.5) * 4);
    const opts = { horizon: 6, origins: 12 };
    const hw = backtestMae(holtWinters(12), y, opts);
    expect(hw).toBeLessThan(backtestMae(naive, y, opts) / 2);
    expect(selectModel(y, { ...opts, seasonLength: 12 }).model.name).toBe('holt_winters_12');
  });

  it('Croston (SBA) and TSB forecast the demand rate of intermittent demand; TSB lets it decay once demand stops', () => {
    const r = rng(3);
    const active = Array.from({ length: 60 }, () => (r() < 0.25 ? 8 : 0)); // about 2 units per period
    const c = croston.fit(active).forecast(1)[0]!;
    const t = tsb.fit(active).forecast(1)[0]!;
    expect(c).toBeGreaterThan(0.8);
    expect(c).toBeLessThan(4);
    expect(t).toBeGreaterThan(0.8);
    expect(t).toBeLessThan(4);
    const dead = [...active, ...Array(20).fill(0)];
    expect(tsb.fit(dead).forecast(1)[0]!).toBeLessThan(croston.fit(dead).forecast(1)[0]!);
    const sel = selectModel(active, { horizon: 4, origins: 10, seasonLength: 52 });
    expect(Object.keys(sel.scores)).toEqual(expect.arrayContaining(['croston_sba', 'tsb']));
  });

  it('MASE scales by the in-sample naive error', () => {
    expect(mase([10, 12], [11, 11], [8, 10, 12, 10])).toBeCloseTo(0.5);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });
});

describe('replenishment', () => {
  it('reorder point = lead-time demand + z × sigma × sqrt(lead time), in whole units', () => {
    // 10 a week, sigma 3, 2 weeks lead time, 95 %: 20 + 1.645 × 3 × 1.414 = 20 + 6.98
    expect(reorderPolicy({ forecastMean: [10, 10, 10], sigma: 3, leadTimePeriods: 2, serviceLevel: 0.95 })).toEqual({ leadTimeDemand: 20, safetyStock: 7, reorderPoint: 27 });
    // half a period of lead time counts half the period's demand
    expect(reorderPolicy({ forecastMean: [10, 30], sigma: 0, leadTimePeriods: 1.5, serviceLevel: 0.9 }).leadTimeDemand).toBe(25);
    expect(() => reorderPolicy({ forecastMean: [1], sigma: 1, leadTimePeriods: 1, serviceLevel: 1 })).toThrow(RangeError);
  });

  it('orders up to the reorder point plus cover, at least the minimum, in whole packs; nothing above the reorder point', () => {
    expect(orderQuantity({ position: 5, reorderPoint: 27, demandPerPeriod: 10, coverPeriods: 2, minimum: 0, packSize: 12 })).toBe(48); // need 42
    expect(orderQuantity({ position: 5, reorderPoint: 27, demandPerPeriod: 0, coverPeriods: 2, minimum: 100, packSize: 1 })).toBe(100);
    expect(orderQuantity({ position: 28, reorderPoint: 27, demandPerPeriod: 10, coverPeriods: 2, minimum: 0, packSize: 1 })).toBe(0);
  });
});
