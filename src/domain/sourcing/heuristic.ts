import {
  better,
  emptyAlloc,
  evaluate,
  kgStarted,
  prepare,
  shipmentCost,
  toPlan,
  type Evaluated,
  type Prepared,
  type SourcingInput,
  type SourcingPlan,
} from './model.js';
import type { SolveOptions } from './exact.js';

/**
 * Greedy fill restricted to candidates in `allowed`: repeatedly open the location that fills the most
 * remaining units (lines taken in order, each as far as stock and the weight cap allow), ties broken
 * by lower shipment cost per unit, then search order. `first`, when given, is opened first.
 */
function greedy(p: Prepared, allowed: ReadonlySet<number>, first: number | null = null): Evaluated {
  const lines = p.input.lines;
  const alloc = emptyAlloc(p);
  const left = lines.map((l) => l.quantity);
  const stock = p.candidates.map((c) => [...c.stockBySku]);
  const opened = new Set<number>();

  const take = (ci: number): { units: number; grams: number; amounts: number[] } => {
    const c = p.candidates[ci]!;
    const st = [...stock[ci]!];
    let units = 0;
    let grams = 0;
    const amounts = lines.map((l, li) => {
      const s = p.skuOf[li]!;
      let a = Math.min(left[li]!, st[s]!);
      if (l.weightGrams > 0 && Number.isFinite(c.maxWeight)) a = Math.min(a, Math.floor((c.maxWeight - grams) / l.weightGrams));
      a = Math.max(0, a);
      st[s]! -= a;
      units += a;
      grams += a * l.weightGrams;
      return a;
    });
    return { units, grams, amounts };
  };

  for (;;) {
    if (opened.size >= p.maxShipments) break;
    let pick: { ci: number; units: number; cost: bigint; amounts: number[] } | null = null;
    const order = first !== null && opened.size === 0 ? [first] : [...allowed].sort((a, b) => a - b);
    for (const ci of order) {
      if (opened.has(ci)) continue;
      const t = take(ci);
      if (t.units === 0) continue;
      const cost = shipmentCost(p, p.candidates[ci]!, t.units, t.grams).total;
      // cost/units < pick.cost/pick.units  ⇔  cost × pick.units < pick.cost × units (exact in bigint)
      if (!pick || t.units > pick.units || (t.units === pick.units && cost * BigInt(pick.units) < pick.cost * BigInt(t.units))) {
        pick = { ci, units: t.units, cost, amounts: t.amounts };
      }
    }
    if (!pick) break;
    opened.add(pick.ci);
    pick.amounts.forEach((a, li) => {
      alloc[li]![pick!.ci] = a;
      left[li]! -= a;
      stock[pick!.ci]![p.skuOf[li]!]! -= a;
    });
  }
  return evaluate(p, alloc);
}

/** Greedy plus one improvement pass: drop each used location in turn and re-fill from the others. */
export function searchHeuristic(p: Prepared, must: number | null = null): Evaluated | null {
  const all = new Set(p.candidates.map((_, ci) => ci));
  let best = greedy(p, all, must);
  if (must !== null && best.alloc.every((r) => r[must] === 0)) return null;
  const used = p.candidates.map((_, ci) => ci).filter((ci) => best.alloc.some((r) => r[ci]! > 0));
  for (const drop of used) {
    if (drop === must) continue;
    const allowed = new Set(all);
    allowed.delete(drop);
    const alt = greedy(p, allowed, must);
    if (must !== null && alt.alloc.every((r) => r[must] === 0)) continue;
    if (better(alt, best)) best = alt;
  }
  return best;
}

/**
 * A cost no plan with at least as many units filled as `filled` can go below: such a plan ships at
 * least once (cheapest fixed cost of any candidate), picks `filled` units at no less than the
 * cheapest per-unit handling, and pays per started kg at least the cheapest per-kg price on the
 * lightest `filled` units (Σ⌈gᵢ/1000⌉ ≥ ⌈Σgᵢ/1000⌉ over shipments). The optimum fills at least as
 * many units as any heuristic plan, so this bounds the optimal cost from below. 0 when nothing can
 * be filled.
 */
export function simpleLowerBound(p: Prepared, filled: number): bigint {
  if (filled === 0 || p.candidates.length === 0) return 0n;
  let fixed = p.candidates[0]!.fixed;
  let unit = p.candidates[0]!.perUnit;
  let kg = p.candidates[0]!.perKg;
  for (const c of p.candidates) {
    if (c.fixed < fixed) fixed = c.fixed;
    if (c.perUnit < unit) unit = c.perUnit;
    if (c.perKg < kg) kg = c.perKg;
  }
  const byWeight = [...p.input.lines].sort((a, b) => a.weightGrams - b.weightGrams);
  let left = filled;
  let grams = 0;
  for (const l of byWeight) {
    const n = Math.min(left, l.quantity);
    grams += n * l.weightGrams;
    left -= n;
    if (left === 0) break;
  }
  return fixed + unit * BigInt(filled) + kg * kgStarted(grams);
}

/** Fast, not proven optimal: `exact: false`, with a {@link simpleLowerBound}. */
export function solveHeuristic(input: SourcingInput, options: SolveOptions = {}, reason = 'heuristic requested'): SourcingPlan {
  return heuristicPlan(prepare(input), options, reason);
}

/** @internal */
export function heuristicPlan(p: Prepared, options: SolveOptions, reason: string): SourcingPlan {
  const best = searchHeuristic(p)!;
  const explain = options.explain ?? true;
  const lb = simpleLowerBound(p, p.totalDemand - best.backordered);
  return toPlan(p, best, false, lb < best.totalCost ? lb : best.totalCost, reason, (ci) => (explain ? searchHeuristic(p, ci) : undefined));
}
