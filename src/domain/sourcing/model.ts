import { distanceKm } from '../geo.js';

/** One order line to source. `weightGrams` is the weight of a single unit. */
export interface SourcingLine {
  lineId: string;
  sku: string;
  quantity: number;
  weightGrams: number;
}

export interface ShipTo {
  /** null when the address has no coordinates: every distance then counts as 0 km. */
  latitude: number | null;
  longitude: number | null;
  /** ISO 3166-1 alpha-2 country code, compared verbatim with `excludedCountries`. */
  country: string;
}

export interface SourcingLocation {
  code: string;
  latitude: number;
  longitude: number;
  /** Lower is preferred; only used to order candidates (and therefore to break exact ties). */
  priority: number;
  /** Available units per SKU (after reservations and safety stock). */
  available: Record<string, number>;
  /** Orders this location can still take today; `null` = unlimited. A plan that uses it consumes 1. */
  remainingCapacity: number | null;
  /** Minor units charged once per shipment from this location. */
  handlingPerOrder: bigint;
  /** Minor units charged per unit picked at this location. */
  handlingPerUnit: bigint;
  /** Countries this location must not ship to. */
  excludedCountries?: string[];
  /** Maximum weight of one shipment from this location. */
  maxShipWeightGrams?: number;
  /** Units heavier than this are never shipped from here (e.g. stores and bulky items). */
  maxItemWeightGrams?: number;
  /** Lines this location must not supply (it rejected or short-picked them before). */
  excludedLines?: string[];
  /** This location's own carrier tariff; the config's tariff when absent. */
  shipping?: Tariff;
}

/** A carrier tariff in minor units: per shipment, per whole km (rounded up), per started kg. */
export interface Tariff {
  base: bigint;
  perKm: bigint;
  perKg: bigint;
}

/** Carrier tariff and split policy, all in minor units of one currency. */
export interface SourcingConfig {
  /** Per shipment. */
  shippingBase: bigint;
  /** Per kilometre of great-circle distance, distance rounded up to whole km. */
  shippingPerKm: bigint;
  /** Per started kilogram of shipment weight (1 g → 1 kg, 1001 g → 2 kg, 0 g → 0 kg). */
  shippingPerKg: bigint;
  /** Per shipment beyond the first. */
  splitPenalty: bigint;
  /** At most this many shipments per order (absent = no limit). */
  maxShipments?: number;
  /** Orders whose `orderValue` is below this ship in one shipment or not at all (absent = no rule). */
  neverSplitBelow?: bigint;
}

export interface SourcingInput {
  lines: SourcingLine[];
  /** Order value in the config's currency, for `neverSplitBelow`; absent = the rule does not apply. */
  orderValue?: bigint;
  shipTo: ShipTo;
  locations: SourcingLocation[];
  config: SourcingConfig;
}

export interface CostBreakdown {
  handling: bigint;
  shipping: bigint;
  total: bigint;
}

export interface Allocation {
  lineId: string;
  locationCode: string;
  quantity: number;
}

export interface Shipment {
  locationCode: string;
  weightGrams: number;
  /** Whole kilometres (rounded up) used for the tariff. */
  distanceKm: number;
  cost: CostBreakdown;
}

export interface LocationExplanation {
  locationCode: string;
  chosen: boolean;
  reason: string;
  /** Present for chosen locations: the cost of their shipment. */
  cost?: CostBreakdown;
}

/**
 * The result of sourcing. Objective, in order: maximise units filled (so `backordered` is only
 * non-empty when no feasible assignment can supply those units), then minimise `totalCost`:
 *
 *   Σ over shipments (handlingPerOrder + handlingPerUnit × units + shippingBase
 *     + shippingPerKm × ⌈km⌉ + shippingPerKg × ⌈grams / 1000⌉) + splitPenalty × (shipments − 1)
 *
 * `exact` is true when the plan is proven optimal; `lowerBound` ≤ the optimal cost (equal to
 * `totalCost` when exact).
 */
export interface SourcingPlan {
  allocations: Allocation[];
  backordered: { lineId: string; quantity: number }[];
  shipments: Shipment[];
  totalCost: bigint;
  exact: boolean;
  /** 'heuristic' when there were too many candidates or the exact search ran out of steps. */
  strategy: 'exact' | 'heuristic';
  lowerBound: bigint;
  /** totalCost − lowerBound: 0 when exact. */
  gap: bigint;
  /** Why the heuristic ran (absent when exact). */
  heuristicReason?: string;
  /** Shipments allowed by the split rules for this order. */
  maxShipments: number;
  explanation: LocationExplanation[];
}

/** A location that may take part in a plan, with its precomputed fixed cost. @internal */
export interface Candidate {
  /** Index into `Prepared.locations`. */
  index: number;
  loc: SourcingLocation;
  km: number;
  /** handlingPerOrder + shippingBase + shippingPerKm × km: paid once if the location ships. */
  fixed: bigint;
  perUnit: bigint;
  /** The tariff's per-started-kg price for this candidate. */
  perKg: bigint;
  maxWeight: number;
  /** stock[lineIndex]: units of that line's SKU at this location (shared per SKU, see `skuOf`). */
  stockBySku: number[];
}

/** @internal */
export interface Prepared {
  input: SourcingInput;
  /** Distinct SKUs; `skuOf[line]` indexes into it. */
  skus: string[];
  skuOf: number[];
  demandBySku: number[];
  totalDemand: number;
  candidates: Candidate[];
  /** Per input location: why it is not a candidate, or null when it is. */
  ineligible: (string | null)[];
  /** Most shipments a plan may have (split rules); ≥ 1. */
  maxShipments: number;
}

/** An assignment: `alloc[line][candidate]` units. @internal */
export type Alloc = number[][];

/** Whole kilometres (rounded up) from the ship-to point; 0 when it has no coordinates. */
export const kmTo = (to: ShipTo, loc: { latitude: number; longitude: number }): number =>
  to.latitude === null || to.longitude === null ? 0 : Math.ceil(distanceKm({ latitude: to.latitude, longitude: to.longitude }, loc));

export const kgStarted = (grams: number): bigint => BigInt(Math.ceil(grams / 1000));

function check(cond: boolean, msg: string): void {
  if (!cond) throw new RangeError(msg);
}

/** Validates the input and precomputes candidates. Pure. @internal */
export function prepare(input: SourcingInput): Prepared {
  const { config } = input;
  for (const k of ['shippingBase', 'shippingPerKm', 'shippingPerKg', 'splitPenalty'] as const) {
    check(config[k] >= 0n, `config.${k} must be non-negative`);
  }
  const skus: string[] = [];
  const skuOf: number[] = [];
  const demandBySku: number[] = [];
  let totalDemand = 0;
  for (const l of input.lines) {
    check(Number.isSafeInteger(l.quantity) && l.quantity >= 0, `line ${l.lineId}: quantity must be a non-negative integer`);
    check(Number.isFinite(l.weightGrams) && l.weightGrams >= 0, `line ${l.lineId}: weightGrams must be non-negative`);
    let s = skus.indexOf(l.sku);
    if (s < 0) {
      s = skus.length;
      skus.push(l.sku);
      demandBySku.push(0);
    }
    skuOf.push(s);
    demandBySku[s]! += l.quantity;
    totalDemand += l.quantity;
  }
  const ineligible: (string | null)[] = [];
  const candidates: Candidate[] = [];
  input.locations.forEach((loc, index) => {
    check(loc.handlingPerOrder >= 0n && loc.handlingPerUnit >= 0n, `location ${loc.code}: handling must be non-negative`);
    const tariff = loc.shipping ?? { base: config.shippingBase, perKm: config.shippingPerKm, perKg: config.shippingPerKg };
    check(tariff.base >= 0n && tariff.perKm >= 0n && tariff.perKg >= 0n, `location ${loc.code}: tariff must be non-negative`);
    const raw = skus.map((s) => Math.max(0, Math.floor(loc.available[s] ?? 0)));
    // A SKU is blocked at a location when one of its lines is too heavy for it or excluded there.
    const blocked: string[] = [];
    const stockBySku = raw.map((n, s) => {
      if (n === 0) return 0;
      const ls = input.lines.filter((l, li) => skuOf[li] === s);
      if (loc.maxItemWeightGrams !== undefined && ls.some((l) => l.weightGrams > loc.maxItemWeightGrams!)) {
        blocked.push(`${skus[s]} over ${loc.maxItemWeightGrams} g per item`);
        return 0;
      }
      if (loc.excludedLines && ls.some((l) => loc.excludedLines!.includes(l.lineId))) {
        blocked.push(`${skus[s]} excluded after an earlier rejection`);
        return 0;
      }
      return n;
    });
    let why: string | null = null;
    if (loc.excludedCountries?.includes(input.shipTo.country)) why = `excluded for country ${input.shipTo.country}`;
    else if (loc.remainingCapacity !== null && loc.remainingCapacity < 1) why = 'over daily capacity';
    else if (!stockBySku.some((n, s) => n > 0 && demandBySku[s]! > 0)) why = blocked.length ? blocked.join('; ') : 'no stock of any line';
    ineligible.push(why);
    if (why) return;
    const km = kmTo(input.shipTo, loc);
    candidates.push({
      index,
      loc,
      km,
      fixed: loc.handlingPerOrder + tariff.base + tariff.perKm * BigInt(km),
      perUnit: loc.handlingPerUnit,
      perKg: tariff.perKg,
      maxWeight: loc.maxShipWeightGrams ?? Number.POSITIVE_INFINITY,
      stockBySku,
    });
  });
  let maxShipments = Number.MAX_SAFE_INTEGER;
  if (config.maxShipments !== undefined) {
    check(Number.isSafeInteger(config.maxShipments) && config.maxShipments >= 1, 'config.maxShipments must be a positive integer');
    maxShipments = config.maxShipments;
  }
  if (config.neverSplitBelow !== undefined && input.orderValue !== undefined && input.orderValue < config.neverSplitBelow) maxShipments = 1;
  // Deterministic search order: cheapest fixed cost first, then priority, then code.
  candidates.sort((a, b) =>
    a.fixed !== b.fixed ? (a.fixed < b.fixed ? -1 : 1) : a.loc.priority !== b.loc.priority ? a.loc.priority - b.loc.priority : a.loc.code < b.loc.code ? -1 : a.loc.code > b.loc.code ? 1 : 0,
  );
  return { input, skus, skuOf, demandBySku, totalDemand, candidates, ineligible, maxShipments };
}

export const emptyAlloc = (p: Prepared): Alloc => p.input.lines.map(() => p.candidates.map(() => 0));

/** Cost of one shipment from candidate `c` carrying `units` units weighing `grams`. */
export function shipmentCost(p: Prepared, c: Candidate, units: number, grams: number): CostBreakdown {
  const handling = c.loc.handlingPerOrder + c.perUnit * BigInt(units);
  const shipping = c.fixed - c.loc.handlingPerOrder + c.perKg * kgStarted(grams);
  return { handling, shipping, total: handling + shipping };
}

export interface Evaluated {
  backordered: number;
  totalCost: bigint;
  alloc: Alloc;
}

/** Units backordered and total cost of an assignment (assumed feasible). */
export function evaluate(p: Prepared, alloc: Alloc): Evaluated {
  let filled = 0;
  let total = 0n;
  let used = 0;
  p.candidates.forEach((c, ci) => {
    let units = 0;
    let grams = 0;
    p.input.lines.forEach((l, li) => {
      const q = alloc[li]![ci]!;
      units += q;
      grams += q * l.weightGrams;
    });
    if (units === 0) return;
    used++;
    filled += units;
    total += shipmentCost(p, c, units, grams).total;
  });
  if (used > 1) total += p.input.config.splitPenalty * BigInt(used - 1);
  return { backordered: p.totalDemand - filled, totalCost: total, alloc };
}

/** Lexicographic order of plans: fewer backordered units, then lower cost. */
export function better(a: { backordered: number; totalCost: bigint }, b: { backordered: number; totalCost: bigint } | null): boolean {
  if (!b) return true;
  if (a.backordered !== b.backordered) return a.backordered < b.backordered;
  return a.totalCost < b.totalCost;
}

export const usedCandidates = (p: Prepared, alloc: Alloc): Set<number> => {
  const used = new Set<number>();
  alloc.forEach((row) => row.forEach((q, ci) => q > 0 && used.add(ci)));
  return used;
};

/** Turns an assignment into the public plan shape, including the per-location explanation. */
export function toPlan(
  p: Prepared,
  best: Evaluated,
  exact: boolean,
  lowerBound: bigint,
  heuristicReason: string | undefined,
  /** Best plan forced to ship from candidate `ci`; null if none can, undefined if not evaluated. */
  alternative: (ci: number) => Evaluated | null | undefined,
): SourcingPlan {
  const { lines } = p.input;
  const allocations: Allocation[] = [];
  const backordered: { lineId: string; quantity: number }[] = [];
  lines.forEach((l, li) => {
    let got = 0;
    p.candidates.forEach((c, ci) => {
      const q = best.alloc[li]![ci]!;
      if (q > 0) allocations.push({ lineId: l.lineId, locationCode: c.loc.code, quantity: q });
      got += q;
    });
    if (got < l.quantity) backordered.push({ lineId: l.lineId, quantity: l.quantity - got });
  });
  const shipments: Shipment[] = [];
  const costByIndex = new Map<number, CostBreakdown>();
  p.candidates.forEach((c, ci) => {
    let units = 0;
    let grams = 0;
    lines.forEach((l, li) => {
      const q = best.alloc[li]![ci]!;
      units += q;
      grams += q * l.weightGrams;
    });
    if (units === 0) return;
    const cost = shipmentCost(p, c, units, grams);
    costByIndex.set(c.index, cost);
    shipments.push({ locationCode: c.loc.code, weightGrams: grams, distanceKm: c.km, cost });
  });
  const explanation: LocationExplanation[] = p.input.locations.map((loc, index) => {
    const why = p.ineligible[index];
    if (why) return { locationCode: loc.code, chosen: false, reason: why };
    const cost = costByIndex.get(index);
    if (cost) return { locationCode: loc.code, chosen: true, reason: 'chosen', cost };
    const ci = p.candidates.findIndex((c) => c.index === index);
    const alt = alternative(ci);
    if (alt === undefined) return { locationCode: loc.code, chosen: false, reason: 'not used by chosen plan' };
    if (!alt) return { locationCode: loc.code, chosen: false, reason: 'cannot contribute to a feasible plan' };
    if (alt.backordered > best.backordered) {
      return { locationCode: loc.code, chosen: false, reason: `fills ${alt.backordered - best.backordered} fewer units than chosen plan` };
    }
    return { locationCode: loc.code, chosen: false, reason: `dearer than chosen plan by ${alt.totalCost - best.totalCost}` };
  });
  return {
    allocations,
    backordered,
    shipments,
    totalCost: best.totalCost,
    exact,
    strategy: exact ? 'exact' : 'heuristic',
    lowerBound,
    gap: best.totalCost - lowerBound,
    ...(heuristicReason ? { heuristicReason } : {}),
    maxShipments: Math.min(p.maxShipments, Math.max(1, p.candidates.length)),
    explanation,
  };
}
