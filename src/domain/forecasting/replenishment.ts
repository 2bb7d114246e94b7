import { normalQuantile } from './select.js';

/**
 * Reorder point and safety stock from a forecast (pure). Demand over the lead time is the sum of the
 * forecast means over `leadTimePeriods` (fractional periods pro rata); its uncertainty is the one-step
 * error sd × √lead time; safety stock = z(service level) × that sd. Quantities are rounded up to whole units.
 */
export function reorderPolicy(input: { forecastMean: readonly number[]; sigma: number; leadTimePeriods: number; serviceLevel: number }): {
  leadTimeDemand: number;
  safetyStock: number;
  reorderPoint: number;
} {
  const { forecastMean, sigma, leadTimePeriods: L, serviceLevel } = input;
  if (!(L > 0)) throw new RangeError('leadTimePeriods must be positive');
  if (!(serviceLevel > 0.5 && serviceLevel < 1)) throw new RangeError('serviceLevel must be in (0.5, 1)');
  let demand = 0;
  for (let k = 0; k < Math.ceil(L); k++) {
    const m = forecastMean[Math.min(k, forecastMean.length - 1)] ?? 0;
    demand += m * Math.min(1, L - k);
  }
  const safety = normalQuantile(serviceLevel) * sigma * Math.sqrt(L);
  return { leadTimeDemand: Math.ceil(demand), safetyStock: Math.ceil(safety), reorderPoint: Math.ceil(demand + safety) };
}

/** Order quantity that lifts the inventory position to reorder point + `coverPeriods` of demand, at least the minimum, in whole packs. */
export function orderQuantity(input: { position: number; reorderPoint: number; demandPerPeriod: number; coverPeriods: number; minimum: number; packSize: number }): number {
  const { position, reorderPoint, demandPerPeriod, coverPeriods, minimum, packSize } = input;
  if (position > reorderPoint) return 0;
  const need = Math.max(minimum, Math.ceil(reorderPoint + demandPerPeriod * coverPeriods - position));
  const pack = Math.max(1, packSize);
  return Math.ceil(need / pack) * pack;
}
