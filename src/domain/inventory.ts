/**
 * Pure inventory arithmetic: availability, stock counts and availability summaries.
 * No IO here; the inventory module loads the facts and writes the outcome.
 */

export interface StockFacts {
  onHand: number;
  reserved: number;
  safetyStock: number;
}

/**
 * What may still be promised: on hand minus reserved minus safety stock, never negative.
 *
 * @example availableOf({ onHand: 10, reserved: 3, safetyStock: 2 }) // 5
 */
export const availableOf = (l: StockFacts): number => Math.max(0, l.onHand - l.reserved - l.safetyStock);

/**
 * A level needs replenishing when a reorder point is set and the unreserved stock has fallen to it.
 *
 * @example isBelowReorderPoint({ onHand: 5, reserved: 1, reorderPoint: 4 }) // true
 */
export const isBelowReorderPoint = (l: { onHand: number; reserved: number; reorderPoint: number }): boolean =>
  l.reorderPoint > 0 && l.onHand - l.reserved <= l.reorderPoint;

export interface CountLine {
  sku: string;
  countedQuantity: number;
}

export interface CountDelta {
  sku: string;
  previousOnHand: number;
  countedQuantity: number;
  delta: number;
}

export interface CountPlan {
  /** One entry per counted sku, in input order; delta 0 means nothing to write. */
  deltas: CountDelta[];
  /** Counts that would leave fewer units than are already promised: the count is refused. */
  belowReserved: Array<{ index: number; sku: string; countedQuantity: number; reserved: number }>;
}

/**
 * Turns a physical count into ledger deltas (counted − on hand). A sku without a level counts as 0
 * on hand and 0 reserved.
 *
 * @example planCount(new Map([['A', { onHand: 5, reserved: 1 }]]), [{ sku: 'A', countedQuantity: 3 }])
 * // { deltas: [{ sku: 'A', previousOnHand: 5, countedQuantity: 3, delta: -2 }], belowReserved: [] }
 */
export function planCount(levels: ReadonlyMap<string, { onHand: number; reserved: number }>, counts: readonly CountLine[]): CountPlan {
  const deltas: CountDelta[] = [];
  const belowReserved: CountPlan['belowReserved'] = [];
  counts.forEach((c, index) => {
    const level = levels.get(c.sku) ?? { onHand: 0, reserved: 0 };
    if (c.countedQuantity < level.reserved) belowReserved.push({ index, sku: c.sku, countedQuantity: c.countedQuantity, reserved: level.reserved });
    deltas.push({ sku: c.sku, previousOnHand: level.onHand, countedQuantity: c.countedQuantity, delta: c.countedQuantity - level.onHand });
  });
  return { deltas, belowReserved };
}

export interface LocationStock extends StockFacts {
  locationCode: string;
  available: number;
}

export interface SkuAvailability {
  sku: string;
  totalAvailable: number;
  totalOnHand: number;
  totalReserved: number;
  locations: LocationStock[];
}

/**
 * Groups level rows by sku, in the order the skus were asked for; skus without stock get zeros.
 *
 * @example summarizeAvailability(['A', 'B'], [{ sku: 'A', locationCode: 'W1', onHand: 4, reserved: 1, safetyStock: 0 }])
 * // [{ sku: 'A', totalAvailable: 3, … }, { sku: 'B', totalAvailable: 0, …, locations: [] }]
 */
export function summarizeAvailability(skus: readonly string[], rows: ReadonlyArray<StockFacts & { sku: string; locationCode: string }>): SkuAvailability[] {
  const bySku = new Map<string, SkuAvailability>();
  for (const sku of skus) {
    if (!bySku.has(sku)) bySku.set(sku, { sku, totalAvailable: 0, totalOnHand: 0, totalReserved: 0, locations: [] });
  }
  for (const r of rows) {
    const item = bySku.get(r.sku);
    if (!item) continue;
    const available = availableOf(r);
    item.locations.push({ locationCode: r.locationCode, onHand: r.onHand, reserved: r.reserved, safetyStock: r.safetyStock, available });
    item.totalAvailable += available;
    item.totalOnHand += r.onHand;
    item.totalReserved += r.reserved;
  }
  return [...bySku.values()];
}

/** Sort key that every multi-row stock write uses, so concurrent writers lock in the same order. */
export const byStockKey = (a: { sku: string; locationCode: string }, b: { sku: string; locationCode: string }): number =>
  a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.locationCode < b.locationCode ? -1 : a.locationCode > b.locationCode ? 1 : 0;
