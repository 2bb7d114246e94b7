import { kgStarted, kmTo, type Allocation, type Shipment, type SourcingInput } from './model.js';

export interface AllocationCost {
  shipments: Shipment[];
  totalCost: bigint;
  /** Σ whole km over shipments. */
  totalDistanceKm: number;
  /** Units allocated at locations missing from `input.locations` (not costed). */
  uncosted: number;
}

/**
 * Cost of a given assignment under the plan's cost model (see `SourcingPlan`), without any
 * feasibility check: used to price what an order holds today (what-if) and merged plans.
 *
 * @example allocationCost(input, [{ lineId: 'l1', locationCode: 'BER', quantity: 2 }]).totalCost
 */
export function allocationCost(input: SourcingInput, allocations: readonly Allocation[]): AllocationCost {
  const weight = new Map(input.lines.map((l) => [l.lineId, l.weightGrams]));
  const byLoc = new Map<string, { units: number; grams: number }>();
  for (const a of allocations) {
    if (a.quantity <= 0) continue;
    const s = byLoc.get(a.locationCode) ?? { units: 0, grams: 0 };
    s.units += a.quantity;
    s.grams += a.quantity * (weight.get(a.lineId) ?? 0);
    byLoc.set(a.locationCode, s);
  }
  const { config } = input;
  const shipments: Shipment[] = [];
  let total = 0n;
  let totalKm = 0;
  let uncosted = 0;
  for (const [code, s] of [...byLoc].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const loc = input.locations.find((l) => l.code === code);
    if (!loc) {
      uncosted += s.units;
      continue;
    }
    const t = loc.shipping ?? { base: config.shippingBase, perKm: config.shippingPerKm, perKg: config.shippingPerKg };
    const km = kmTo(input.shipTo, loc);
    const handling = loc.handlingPerOrder + loc.handlingPerUnit * BigInt(s.units);
    const shipping = t.base + t.perKm * BigInt(km) + t.perKg * kgStarted(s.grams);
    shipments.push({ locationCode: code, weightGrams: s.grams, distanceKm: km, cost: { handling, shipping, total: handling + shipping } });
    total += handling + shipping;
    totalKm += km;
  }
  if (shipments.length > 1) total += config.splitPenalty * BigInt(shipments.length - 1);
  return { shipments, totalCost: total, totalDistanceKm: totalKm, uncosted };
}
