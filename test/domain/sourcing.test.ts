import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distanceKm } from '../../src/domain/geo.js';
import {
  allocationCost,
  solve,
  solveExact,
  solveHeuristic,
  type SourcingInput,
  type SourcingLocation,
  type SourcingPlan,
} from '../../src/domain/sourcing/index.js';

const BERLIN = { latitude: 52.52, longitude: 13.4, country: 'DE' };
const config = { shippingBase: 100n, shippingPerKm: 1n, shippingPerKg: 10n, splitPenalty: 0n };

const loc = (code: string, latitude: number, longitude: number, available: Record<string, number>, extra: Partial<SourcingLocation> = {}): SourcingLocation => ({
  code,
  latitude,
  longitude,
  priority: 1,
  available,
  remainingCapacity: null,
  handlingPerOrder: 0n,
  handlingPerUnit: 0n,
  ...extra,
});
const NEAR = [52.5, 13.4] as const; // ~2 km from Berlin
const NEAR2 = [52.53, 13.38] as const;
const FAR = [48.14, 11.58] as const; // Munich, ~505 km

const line = (lineId: string, sku: string, quantity: number, weightGrams = 500) => ({ lineId, sku, quantity, weightGrams });
const used = (plan: SourcingPlan) => plan.shipments.map((s) => s.locationCode).sort();
const reason = (plan: SourcingPlan, code: string) => plan.explanation.find((e) => e.locationCode === code)?.reason;

describe('sourcing: table of cases', () => {
  it('the nearest location that has everything wins', () => {
    const plan = solve({
      lines: [line('1', 'X', 2), line('2', 'Y', 1)],
      shipTo: BERLIN,
      config,
      locations: [loc('FAR', ...FAR, { X: 5, Y: 5 }), loc('NEAR', ...NEAR, { X: 5, Y: 5 }), loc('PART', ...NEAR2, { X: 5 })],
    });
    expect(plan.exact).toBe(true);
    expect(used(plan)).toEqual(['NEAR']);
    expect(plan.backordered).toEqual([]);
    // 100 base + ⌈km⌉ × 1 + 10 × (1500 g → 2 started kg)
    const km = BigInt(Math.ceil(distanceKm(BERLIN, { latitude: NEAR[0], longitude: NEAR[1] })));
    expect(plan.shipments[0]!.distanceKm).toBe(Number(km));
    expect(plan.totalCost).toBe(100n + km + 20n);
    expect(plan.lowerBound).toBe(plan.totalCost);
    expect(plan.explanation.find((e) => e.locationCode === 'NEAR')).toMatchObject({ chosen: true, cost: { handling: 0n, shipping: plan.totalCost, total: plan.totalCost } });
    expect(reason(plan, 'FAR')).toMatch(/^dearer than chosen plan by \d+$/);
  });

  const splitCase = (splitPenalty: bigint): SourcingInput => ({
    lines: [line('1', 'X', 1), line('2', 'Y', 1)],
    shipTo: BERLIN,
    config: { ...config, splitPenalty },
    locations: [loc('N1', ...NEAR, { X: 1 }), loc('N2', ...NEAR2, { Y: 1 }), loc('F', ...FAR, { X: 1, Y: 1 })],
  });
  it('two near locations beat one far whole shipment without a split penalty', () => {
    const plan = solve(splitCase(0n));
    expect(used(plan)).toEqual(['N1', 'N2']);
    expect(plan.allocations).toHaveLength(2);
    expect(reason(plan, 'F')).toMatch(/^dearer than chosen plan by \d+$/);
  });
  it('a large split penalty flips the choice to the single far location', () => {
    const plan = solve(splitCase(1000n));
    expect(used(plan)).toEqual(['F']);
    const d = BigInt(Math.ceil(distanceKm(BERLIN, { latitude: FAR[0], longitude: FAR[1] })));
    expect(plan.totalCost).toBe(100n + d + 10n);
  });

  it('a location excluded for the ship-to country is never used', () => {
    const plan = solve({
      lines: [line('1', 'X', 1)],
      shipTo: BERLIN,
      config,
      locations: [loc('NEAR', ...NEAR, { X: 1 }, { excludedCountries: ['DE'] }), loc('FAR', ...FAR, { X: 1 })],
    });
    expect(used(plan)).toEqual(['FAR']);
    expect(reason(plan, 'NEAR')).toBe('excluded for country DE');
  });

  it('a location with no remaining daily capacity is excluded', () => {
    const plan = solve({
      lines: [line('1', 'X', 1)],
      shipTo: BERLIN,
      config,
      locations: [loc('NEAR', ...NEAR, { X: 1 }, { remainingCapacity: 0 }), loc('FAR', ...FAR, { X: 1 }, { remainingCapacity: 1 }), loc('EMPTY', ...NEAR2, { Z: 9 })],
    });
    expect(used(plan)).toEqual(['FAR']);
    expect(reason(plan, 'NEAR')).toBe('over daily capacity');
    expect(reason(plan, 'EMPTY')).toBe('no stock of any line');
  });

  it('unfillable quantity is backordered, the rest is filled', () => {
    const input: SourcingInput = {
      lines: [line('1', 'X', 5), line('2', 'Y', 1)],
      shipTo: BERLIN,
      config,
      locations: [loc('A', ...NEAR, { X: 2 }), loc('B', ...FAR, { X: 1 })],
    };
    for (const plan of [solveExact(input), solveHeuristic(input)]) {
      expect(plan.backordered).toEqual([{ lineId: '1', quantity: 2 }, { lineId: '2', quantity: 1 }]);
      expect(plan.allocations.reduce((s, a) => s + a.quantity, 0)).toBe(3);
    }
  });

  it('respects the per-shipment weight cap by splitting', () => {
    const plan = solve({
      lines: [line('1', 'X', 3, 1000)],
      shipTo: BERLIN,
      config,
      locations: [loc('A', ...NEAR, { X: 3 }, { maxShipWeightGrams: 2000 }), loc('B', ...FAR, { X: 3 })],
    });
    expect(plan.backordered).toEqual([]);
    expect(plan.shipments.every((s) => s.weightGrams <= (s.locationCode === 'A' ? 2000 : Infinity))).toBe(true);
  });

  it('no lines or no locations gives an empty plan', () => {
    expect(solve({ lines: [], shipTo: BERLIN, config, locations: [loc('A', ...NEAR, { X: 1 })] })).toMatchObject({ allocations: [], totalCost: 0n, lowerBound: 0n });
    expect(solve({ lines: [line('1', 'X', 2)], shipTo: BERLIN, config, locations: [] }).backordered).toEqual([{ lineId: '1', quantity: 2 }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests against an independent brute force.

const SKUS = ['A', 'B', 'C'];
const small = (max: number) => fc.integer({ min: 0, max }).map(BigInt);
const locationArb = (i: number): fc.Arbitrary<SourcingLocation> =>
  fc.record({
    code: fc.constant(`L${i}`),
    latitude: fc.integer({ min: 45, max: 55 }),
    longitude: fc.integer({ min: 5, max: 15 }),
    priority: fc.integer({ min: 0, max: 3 }),
    available: fc.record({ A: fc.integer({ min: 0, max: 3 }), B: fc.integer({ min: 0, max: 3 }), C: fc.integer({ min: 0, max: 2 }) }),
    remainingCapacity: fc.constantFrom(null, null, 0, 1, 5),
    handlingPerOrder: small(50),
    handlingPerUnit: small(20),
    excludedCountries: fc.constantFrom(undefined, ['FR'], ['DE']),
    maxShipWeightGrams: fc.constantFrom(undefined, undefined, 1500, 3000),
    maxItemWeightGrams: fc.constantFrom(undefined, undefined, 800),
    excludedLines: fc.constantFrom(undefined, undefined, ['l0']),
    shipping: fc.constantFrom(undefined, undefined, { base: 50n, perKm: 2n, perKg: 5n }),
  }) as fc.Arbitrary<SourcingLocation>;

const instanceArb: fc.Arbitrary<SourcingInput> = fc
  .record({
    lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 3 }), weightGrams: fc.constantFrom(0, 300, 700, 1200) }), { minLength: 1, maxLength: 4 }),
    nLoc: fc.integer({ min: 1, max: 5 }),
    locs: fc.tuple(locationArb(0), locationArb(1), locationArb(2), locationArb(3), locationArb(4)),
    country: fc.constantFrom('DE', 'FR'),
    config: fc.record({
      shippingBase: small(100),
      shippingPerKm: small(2),
      shippingPerKg: small(30),
      splitPenalty: small(200),
      maxShipments: fc.constantFrom(undefined, undefined, 1, 2),
      neverSplitBelow: fc.constantFrom(undefined, 5000n),
    }),
    orderValue: fc.constantFrom(undefined, 1000n, 9000n),
  })
  .map(({ lines, nLoc, locs, country, config, orderValue }) => ({
    ...(orderValue === undefined ? {} : { orderValue }),
    lines: lines.map((l, i) => ({ lineId: `l${i}`, ...l })),
    shipTo: { latitude: 50, longitude: 10, country },
    locations: locs.slice(0, nLoc),
    config: Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as unknown as SourcingInput['config'],
  }))
  .filter((inp) => {
    // keep the brute force tiny: Π over lines of C(q + m, m) assignments
    const binom = (n: number, k: number) => {
      let r = 1;
      for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
      return r;
    };
    return inp.lines.reduce((acc, l) => acc * binom(l.quantity + inp.locations.length, inp.locations.length), 1) <= 20_000;
  });

/** Every assignment of each line's units (Σ ≤ quantity) to locations; lexicographic best. */
function bruteForce(inp: SourcingInput): { backordered: number; cost: bigint } {
  const m = inp.locations.length;
  const ok = inp.locations.map((l) => !(l.excludedCountries ?? []).includes(inp.shipTo.country) && (l.remainingCapacity === null || l.remainingCapacity > 0));
  const splits = (q: number, k: number): number[][] =>
    k === 0 ? [[]] : Array.from({ length: q + 1 }, (_, a) => splits(q - a, k - 1).map((rest) => [a, ...rest])).flat();
  // a line may not come from a location where it (or a line of its SKU) is too heavy or excluded
  const lineOk = (li: number, j: number) => {
    const L = inp.locations[j]!;
    const sku = inp.lines[li]!.sku;
    return inp.lines.every((l) => l.sku !== sku || ((L.maxItemWeightGrams === undefined || l.weightGrams <= L.maxItemWeightGrams) && !(L.excludedLines ?? []).includes(l.lineId)));
  };
  const options = inp.lines.map((l, li) => splits(l.quantity, m).filter((v) => v.every((a, j) => a === 0 || (ok[j] && lineOk(li, j)))));
  let maxShip = inp.config.maxShipments ?? Infinity;
  if (inp.config.neverSplitBelow !== undefined && inp.orderValue !== undefined && inp.orderValue < inp.config.neverSplitBelow) maxShip = 1;
  const total = inp.lines.reduce((s, l) => s + l.quantity, 0);
  let best: { backordered: number; cost: bigint } | null = null;
  const pick: number[][] = [];
  const rec = (i: number) => {
    if (i === inp.lines.length) {
      let filled = 0;
      let cost = 0n;
      let shipments = 0;
      for (let j = 0; j < m; j++) {
        const L = inp.locations[j]!;
        let units = 0;
        let grams = 0;
        const bySku: Record<string, number> = {};
        inp.lines.forEach((l, li) => {
          const a = pick[li]![j]!;
          units += a;
          grams += a * l.weightGrams;
          bySku[l.sku] = (bySku[l.sku] ?? 0) + a;
        });
        if (units === 0) continue;
        if (Object.entries(bySku).some(([s, n]) => n > (L.available[s] ?? 0))) return;
        if (L.maxShipWeightGrams !== undefined && grams > L.maxShipWeightGrams) return;
        shipments++;
        filled += units;
        const t = L.shipping ?? { base: inp.config.shippingBase, perKm: inp.config.shippingPerKm, perKg: inp.config.shippingPerKg };
        cost += L.handlingPerOrder + L.handlingPerUnit * BigInt(units) + t.base;
        cost += t.perKm * BigInt(Math.ceil(distanceKm(inp.shipTo as { latitude: number; longitude: number }, L))) + t.perKg * BigInt(Math.ceil(grams / 1000));
      }
      if (shipments > maxShip) return;
      if (shipments > 1) cost += inp.config.splitPenalty * BigInt(shipments - 1);
      const cand = { backordered: total - filled, cost };
      if (!best || cand.backordered < best.backordered || (cand.backordered === best.backordered && cand.cost < best.cost)) best = cand;
      return;
    }
    for (const v of options[i]!) {
      pick[i] = v;
      rec(i + 1);
    }
  };
  rec(0);
  return best!;
}

const backorderedUnits = (p: SourcingPlan) => p.backordered.reduce((s, b) => s + b.quantity, 0);

function checkFeasible(inp: SourcingInput, plan: SourcingPlan): void {
  for (const l of inp.lines) {
    const got = plan.allocations.filter((a) => a.lineId === l.lineId).reduce((s, a) => s + a.quantity, 0);
    const back = plan.backordered.find((b) => b.lineId === l.lineId)?.quantity ?? 0;
    expect(got + back).toBe(l.quantity);
  }
  for (const L of inp.locations) {
    const mine = plan.allocations.filter((a) => a.locationCode === L.code);
    if (mine.length === 0) continue;
    expect(L.excludedCountries ?? []).not.toContain(inp.shipTo.country);
    expect(L.remainingCapacity === null || L.remainingCapacity >= 1).toBe(true);
    const bySku: Record<string, number> = {};
    let grams = 0;
    for (const a of mine) {
      const l = inp.lines.find((x) => x.lineId === a.lineId)!;
      bySku[l.sku] = (bySku[l.sku] ?? 0) + a.quantity;
      grams += a.quantity * l.weightGrams;
    }
    for (const [s, n] of Object.entries(bySku)) expect(n).toBeLessThanOrEqual(L.available[s] ?? 0);
    if (L.maxShipWeightGrams !== undefined) expect(grams).toBeLessThanOrEqual(L.maxShipWeightGrams);
    for (const a of mine) {
      const l = inp.lines.find((x) => x.lineId === a.lineId)!;
      if (L.maxItemWeightGrams !== undefined) expect(l.weightGrams).toBeLessThanOrEqual(L.maxItemWeightGrams);
      expect(L.excludedLines ?? []).not.toContain(l.lineId);
    }
  }
  // split rules: never more shipments than allowed
  expect(plan.shipments.length).toBeLessThanOrEqual(plan.maxShipments);
  if (inp.config.maxShipments !== undefined) expect(plan.shipments.length).toBeLessThanOrEqual(inp.config.maxShipments);
  if (inp.config.neverSplitBelow !== undefined && inp.orderValue !== undefined && inp.orderValue < inp.config.neverSplitBelow) {
    expect(plan.shipments.length).toBeLessThanOrEqual(1);
  }
  expect(plan.gap).toBe(plan.totalCost - plan.lowerBound);
  expect(allocationCost(inp, plan.allocations).totalCost).toBe(plan.totalCost);
  const shipSum = plan.shipments.reduce((s, x) => s + x.cost.total, 0n);
  const n = BigInt(plan.shipments.length);
  expect(plan.totalCost).toBe(shipSum + (n > 1n ? inp.config.splitPenalty * (n - 1n) : 0n));
  expect(plan.explanation.map((e) => e.locationCode)).toEqual(inp.locations.map((l) => l.code));
  expect(plan.explanation.filter((e) => e.chosen).map((e) => e.locationCode).sort()).toEqual(plan.shipments.map((s) => s.locationCode).sort());
}

describe('sourcing: properties', () => {
  it('exact solver matches a brute-force optimum; plans are feasible; heuristic ≥ exact ≥ lowerBound', () => {
    fc.assert(
      fc.property(instanceArb, (inp) => {
        const exact = solveExact(inp);
        const heur = solveHeuristic(inp);
        const brute = bruteForce(inp);
        expect(backorderedUnits(exact)).toBe(brute.backordered);
        expect(exact.totalCost).toBe(brute.cost);
        expect(exact.exact).toBe(true);
        expect(exact.lowerBound).toBe(exact.totalCost);
        checkFeasible(inp, exact);
        checkFeasible(inp, heur);
        expect(heur.exact).toBe(false);
        // heuristic is never lexicographically better than the optimum
        expect(backorderedUnits(heur)).toBeGreaterThanOrEqual(backorderedUnits(exact));
        if (backorderedUnits(heur) === backorderedUnits(exact)) expect(heur.totalCost >= exact.totalCost).toBe(true);
        expect(heur.lowerBound <= exact.totalCost).toBe(true);
        expect(heur.lowerBound <= heur.totalCost).toBe(true);
        // deterministic
        expect(solveExact(inp)).toEqual(exact);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sourcing: rules and limits', () => {
  it('never splits an order below the configured value: one far shipment instead of two near ones', () => {
    const inp = { ...splitCaseFor(0n), config: { ...config, neverSplitBelow: 10_000n } };
    expect(used(solve({ ...inp, orderValue: 20_000n }))).toEqual(['N1', 'N2']);
    const small = solve({ ...inp, orderValue: 5_000n });
    expect(used(small)).toEqual(['F']);
    expect(small.maxShipments).toBe(1);
  });

  it('caps the number of shipments per order and backorders what one location cannot fill', () => {
    const plan = solve({
      lines: [line('1', 'X', 1), line('2', 'Y', 1)],
      shipTo: BERLIN,
      config: { ...config, maxShipments: 1 },
      locations: [loc('N1', ...NEAR, { X: 1 }), loc('N2', ...NEAR2, { Y: 1 })],
    });
    expect(plan.shipments).toHaveLength(1);
    expect(plan.backordered).toHaveLength(1);
  });

  it('a store does not ship items over its item weight limit', () => {
    const plan = solve({
      lines: [line('1', 'SOFA', 1, 40_000)],
      shipTo: BERLIN,
      config,
      locations: [loc('STORE', ...NEAR, { SOFA: 3 }, { maxItemWeightGrams: 20_000 }), loc('DC', ...FAR, { SOFA: 3 })],
    });
    expect(used(plan)).toEqual(['DC']);
    expect(reason(plan, 'STORE')).toBe('SOFA over 20000 g per item');
  });

  it('honours per-line exclusions (a location that rejected the line) and per-location tariffs', () => {
    const plan = solve({
      lines: [line('1', 'X', 1)],
      shipTo: BERLIN,
      config,
      locations: [loc('NEAR', ...NEAR, { X: 3 }, { excludedLines: ['1'] }), loc('FAR', ...FAR, { X: 3 }, { shipping: { base: 7n, perKm: 0n, perKg: 0n } })],
    });
    expect(used(plan)).toEqual(['FAR']);
    expect(plan.totalCost).toBe(7n);
    expect(reason(plan, 'NEAR')).toMatch(/excluded after an earlier rejection/);
  });

  it('a pathological 8 lines × 30 locations instance stops at the step budget and falls back to the heuristic with its gap', () => {
    const skus = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const locations = Array.from({ length: 30 }, (_, i) =>
      loc(`L${String(i).padStart(2, '0')}`, 50 + (i % 6), 8 + Math.floor(i / 6), Object.fromEntries(skus.map((s, k) => [s, (i + k) % 3])), { handlingPerOrder: BigInt(100 + ((i * 37) % 50)), handlingPerUnit: BigInt(i % 7) }),
    );
    const input: SourcingInput = { lines: skus.map((s, k) => line(`l${k}`, s, 3 + (k % 3), 400)), shipTo: BERLIN, config: { ...config, splitPenalty: 50n }, locations };
    const plan = solve(input, { exactCandidateLimit: 30, maxSteps: 20_000 });
    expect(plan.exact).toBe(false);
    expect(plan.strategy).toBe('heuristic');
    expect(plan.heuristicReason).toMatch(/budget of 20000 steps/);
    expect(plan.lowerBound <= plan.totalCost).toBe(true);
    expect(plan.gap).toBe(plan.totalCost - plan.lowerBound);
    checkFeasible(input, plan);
    // Beyond the candidate limit the heuristic runs directly and says why.
    expect(solve(input, { exactCandidateLimit: 12 }).heuristicReason).toMatch(/30 candidates > exact limit 12/);
  });

  it('solves a realistic 8 lines × 30 locations order exactly within the default budget', () => {
    const skus = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const locations = Array.from({ length: 30 }, (_, i) =>
      loc(`L${String(i).padStart(2, '0')}`, 48 + (i % 6), 7 + Math.floor(i / 5), Object.fromEntries(skus.map((s, k) => [s, i % 4 === 0 ? 10 : (i + k) % 3])), { handlingPerOrder: BigInt(150 + ((i * 37) % 100)), handlingPerUnit: 20n }),
    );
    const input: SourcingInput = { lines: skus.map((s, k) => line(`l${k}`, s, 1 + (k % 2), 400)), shipTo: BERLIN, config: { shippingBase: 450n, shippingPerKm: 1n, shippingPerKg: 50n, splitPenalty: 300n }, locations };
    const plan = solve(input, { explain: false });
    expect(plan).toMatchObject({ exact: true, strategy: 'exact', gap: 0n, backordered: [] });
    checkFeasible(input, plan);
    const heur = solveHeuristic(input, { explain: false });
    expect(heur.totalCost >= plan.totalCost).toBe(true);
  });

  it('within its budget the exact search is used and reports a zero gap', () => {
    const plan = solve(splitCaseFor(0n), { maxSteps: 1_000_000 });
    expect(plan).toMatchObject({ exact: true, strategy: 'exact', gap: 0n });
    expect(plan.heuristicReason).toBeUndefined();
  });
});

function splitCaseFor(splitPenalty: bigint): SourcingInput {
  return {
    lines: [line('1', 'X', 1), line('2', 'Y', 1)],
    shipTo: BERLIN,
    config: { ...config, splitPenalty },
    locations: [loc('N1', ...NEAR, { X: 1 }), loc('N2', ...NEAR2, { Y: 1 }), loc('F', ...FAR, { X: 1, Y: 1 })],
  };
}
