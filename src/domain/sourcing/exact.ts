import {
  better,
  emptyAlloc,
  evaluate,
  kgStarted,
  prepare,
  toPlan,
  type Alloc,
  type Evaluated,
  type Prepared,
  type SourcingInput,
  type SourcingPlan,
} from './model.js';

/**
 * Best plan (fewest backordered units, then cheapest) over all assignments, optionally restricted to
 * plans that ship from candidate `must`. Returns null only when `must` cannot ship anything.
 *
 * Outer loop: subsets S of candidates in increasing size. A subset is skipped when its bound
 * cannot beat the incumbent: backordered ≥ demand − Σ_sku min(demand, stock in S), and cost ≥
 * Σ fixed(S) + splitPenalty × (|S| − 1) + min per-unit handling in S × units filled. The bound may
 * assume every location of S ships, because a plan shipping from a strict subset T ⊂ S was already
 * considered when T (smaller) was enumerated.
 *
 * Inner search: for a fixed subset the allocation is NOT a linear problem — shipping is charged per
 * *started* kilogram of each shipment and `maxShipWeightGrams` caps a shipment, so a greedy "cheapest
 * marginal unit" allocation can be wrong (e.g. moving one unit saves a started kg elsewhere). The
 * allocation is therefore solved exactly by depth-first enumeration of each line's split across S
 * (largest amounts first), with branch and bound on (backordered, cost); all cost terms are
 * non-negative, so partial cost plus the remaining units at the cheapest per-unit handling is a valid
 * bound. Exponential in the worst case; intended for ≤ 12 candidates and small orders.
 */
export function searchExact(p: Prepared, must: number | null = null, maxSteps = Number.POSITIVE_INFINITY, incumbent: Evaluated | null = null): Evaluated | null {
  const lines = p.input.lines;
  const { splitPenalty } = p.input.config;
  let steps = 0;
  const cands = p.candidates;
  const m = cands.length;
  const suffixUnits: number[] = new Array(lines.length + 1).fill(0);
  for (let i = lines.length - 1; i >= 0; i--) suffixUnits[i] = suffixUnits[i + 1]! + lines[i]!.quantity;

  // A known feasible plan (e.g. the heuristic's, for a forced search) lets the bounds prune at once.
  let best: Evaluated | null = incumbent ?? (must === null ? evaluate(p, emptyAlloc(p)) : null);

  const alloc: Alloc = emptyAlloc(p);
  const stock = cands.map((c) => [...c.stockBySku]);
  const units = new Array<number>(m).fill(0);
  const grams = new Array<number>(m).fill(0);

  const searchSubset = (subset: number[]): void => {
    let minUnit = cands[subset[0]!]!.perUnit;
    for (const ci of subset) if (cands[ci]!.perUnit < minUnit) minUnit = cands[ci]!.perUnit;
    let used = 0;
    const rec = (li: number, pos: number, left: number, back: number, cost: bigint): void => {
      if (++steps > maxSteps) throw new StepBudgetExceeded(maxSteps);
      if (best) {
        if (back > best.backordered) return;
        if (back === best.backordered && cost + minUnit * BigInt(left + suffixUnits[li + 1]!) >= best.totalCost) return;
      }
      if (pos === subset.length) {
        const nextBack = back + left;
        if (li + 1 < lines.length) return rec(li + 1, 0, lines[li + 1]!.quantity, nextBack, cost);
        if (must !== null && units[must] === 0) return;
        const cand = { backordered: nextBack, totalCost: cost, alloc };
        if (better(cand, best)) best = { backordered: nextBack, totalCost: cost, alloc: alloc.map((r) => [...r]) };
        return;
      }
      const ci = subset[pos]!;
      const c = cands[ci]!;
      const line = lines[li]!;
      const s = p.skuOf[li]!;
      let max = Math.min(left, stock[ci]![s]!);
      if (line.weightGrams > 0 && Number.isFinite(c.maxWeight)) {
        max = Math.min(max, Math.floor((c.maxWeight - grams[ci]!) / line.weightGrams));
      }
      for (let a = max; a >= 1; a--) {
        const opened = units[ci] === 0;
        let add = c.perUnit * BigInt(a) + c.perKg * (kgStarted(grams[ci]! + a * line.weightGrams) - kgStarted(grams[ci]!));
        if (opened) add += c.fixed + (used > 0 ? splitPenalty : 0n);
        if (opened) used++;
        units[ci]! += a;
        grams[ci]! += a * line.weightGrams;
        stock[ci]![s]! -= a;
        alloc[li]![ci] = a;
        rec(li, pos + 1, left - a, back, cost + add);
        alloc[li]![ci] = 0;
        stock[ci]![s]! += a;
        grams[ci]! -= a * line.weightGrams;
        units[ci]! -= a;
        if (opened) used--;
      }
      rec(li, pos + 1, left, back, cost);
    };
    if (lines.length > 0) rec(0, 0, lines[0]!.quantity, 0, 0n);
  };

  // Fewest units any plan must backorder (stock of all candidates together), and the cheapest
  // per-unit handling of all: with the fixed costs (candidates are sorted by fixed cost ascending)
  // they bound every subset of a given size, so the enumeration stops growing subsets, or leaves a
  // branch, as soon as no subset can be strictly cheaper than the incumbent.
  let fillAll = 0;
  p.demandBySku.forEach((d, s) => {
    let have = 0;
    for (const c of cands) have += c.stockBySku[s]!;
    fillAll += Math.min(d, have);
  });
  const minBack = p.totalDemand - fillAll;
  let minUnitAll = m > 0 ? cands[0]!.perUnit : 0n;
  for (const c of cands) if (c.perUnit < minUnitAll) minUnitAll = c.perUnit;
  /** No subset of `size` containing `chosen` (plus the cheapest others from `start`) can beat `best`. */
  const hopeless = (chosen: readonly number[], start: number, size: number): boolean => {
    if (!best || best.backordered > minBack) return false;
    let lb = splitPenalty * BigInt(size - 1) + minUnitAll * BigInt(p.totalDemand - best.backordered);
    for (const ci of chosen) lb += cands[ci]!.fixed;
    let need = size - chosen.length;
    for (let ci = start; need > 0 && ci < m; ci++) {
      if (chosen.includes(ci)) continue;
      lb += cands[ci]!.fixed;
      need--;
    }
    return need > 0 || lb >= best.totalCost;
  };

  const subset: number[] = [];
  const visit = (start: number, size: number): void => {
    if (++steps > maxSteps) throw new StepBudgetExceeded(maxSteps);
    if (subset.length < size) {
      if (must !== null && !subset.includes(must) && must < start) return;
      const forced = must !== null && !subset.includes(must) ? [...subset, must] : subset;
      if (hopeless(forced, start, size)) return;
    }
    if (subset.length === size) {
      if (must !== null && !subset.includes(must)) return;
      if (best) {
        let fill = 0;
        p.demandBySku.forEach((d, s) => {
          let have = 0;
          for (const ci of subset) have += cands[ci]!.stockBySku[s]!;
          fill += Math.min(d, have);
        });
        const backLB = p.totalDemand - fill;
        let costLB = splitPenalty * BigInt(size - 1);
        let minUnit = cands[subset[0]!]!.perUnit;
        for (const ci of subset) {
          costLB += cands[ci]!.fixed;
          if (cands[ci]!.perUnit < minUnit) minUnit = cands[ci]!.perUnit;
        }
        costLB += minUnit * BigInt(p.totalDemand - best.backordered);
        if (backLB > best.backordered || (backLB === best.backordered && costLB >= best.totalCost)) return;
      }
      searchSubset([...subset]);
      return;
    }
    for (let ci = start; ci <= m - (size - subset.length); ci++) {
      subset.push(ci);
      visit(ci + 1, size);
      subset.pop();
    }
  };
  for (let size = 1; size <= Math.min(m, p.maxShipments); size++) {
    if (hopeless(must === null ? [] : [must], 0, size)) break; // larger subsets only cost more
    visit(0, size);
  }
  return best;
}

/** Thrown by {@link searchExact} when it has taken more than its step budget. */
export class StepBudgetExceeded extends Error {
  constructor(readonly steps: number) {
    super(`exact search exceeded ${steps} steps`);
  }
}

export interface SolveOptions {
  /**
   * Search nodes the exact solver may visit (per search) before it gives up and the heuristic runs
   * instead (see {@link solve}). Default 200,000: a few tens of milliseconds.
   */
  maxSteps?: number;
  /** Largest number of eligible candidates for which {@link solve} runs the exact search (default 12). */
  exactCandidateLimit?: number;
  /**
   * Explain each unused candidate with the cost of the best plan forced to use it (one extra search
   * per unused candidate). Default true; turn off for speed.
   */
  explain?: boolean;
}

/** Proven-optimal plan (see {@link searchExact}); `exact: true`, `lowerBound === totalCost`. */
export function solveExact(input: SourcingInput, options: SolveOptions = {}): SourcingPlan {
  const p = prepare(input);
  const max = options.maxSteps ?? Number.POSITIVE_INFINITY;
  const best = searchExact(p, null, max)!;
  const explain = options.explain ?? true;
  return toPlan(p, best, true, best.totalCost, undefined, (ci) => (explain ? searchExact(p, ci, max) : undefined));
}
