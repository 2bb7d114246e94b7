import type { Db } from '../../platform/db/client.js';
import type { reservations } from '../../platform/db/schema/index.js';
import {
  allocationCost,
  kmTo,
  solve,
  type Allocation,
  type ShipTo,
  type SourcingInput,
  type SourcingLocation,
  type SourcingPlan,
} from '../../domain/sourcing/index.js';
import { reservePlanned, type PlannedUnits } from '../inventory/index.js';
import type { SourcingSettings } from './sourcing-settings.js';
import type { StoredPlan } from './sourcing-plans.js';

export interface DemandLine {
  orderLineId: string;
  sku: string;
  quantity: number;
}

export interface PlanRequest {
  lines: DemandLine[];
  shipTo: ShipTo;
  /** Order value in the sourcing currency (for never-split-below); undefined when in another currency. */
  orderValue: bigint | undefined;
  locations: SourcingLocation[];
  settings: SourcingSettings;
  weights: ReadonlyMap<string, number>;
  /** Locations that must not supply a line (earlier rejections, short picks, manual). */
  exclusions?: ReadonlyMap<string, ReadonlySet<string>> | undefined;
}

/** The pure solver input for a request (lines without demand are left out). */
export function toSourcingInput(req: PlanRequest): SourcingInput {
  const s = req.settings;
  const lines = req.lines.filter((l) => l.quantity > 0).map((l) => ({ lineId: l.orderLineId, sku: l.sku, quantity: l.quantity, weightGrams: req.weights.get(l.sku) ?? 0 }));
  const locations = req.locations.map((loc) => {
    const excluded = lines.filter((l) => req.exclusions?.get(l.lineId)?.has(loc.code)).map((l) => l.lineId);
    return excluded.length ? { ...loc, excludedLines: [...(loc.excludedLines ?? []), ...excluded] } : loc;
  });
  return {
    lines,
    shipTo: req.shipTo,
    ...(req.orderValue === undefined ? {} : { orderValue: req.orderValue }),
    locations,
    config: {
      shippingBase: s.shippingBase,
      shippingPerKm: s.shippingPerKm,
      shippingPerKg: s.shippingPerKg,
      splitPenalty: s.splitPenalty,
      ...(s.maxLocationsPerOrder === null ? {} : { maxShipments: s.maxLocationsPerOrder }),
      ...(s.neverSplitBelow === null ? {} : { neverSplitBelow: s.neverSplitBelow }),
    },
  };
}

export const solveRequest = (req: PlanRequest, explain = true): SourcingPlan =>
  solve(toSourcingInput(req), { explain, exactCandidateLimit: req.settings.exactCandidateLimit, maxSteps: req.settings.exactStepBudget });

export interface ReservedPlan {
  /** What was reserved (per line and location). */
  allocations: PlannedUnits[];
  /** Units per line that could not be reserved. */
  short: Map<string, number>;
  reservationRows: Array<typeof reservations.$inferInsert>;
  stored: Omit<StoredPlan, 'id' | 'orderId' | 'trigger' | 'createdAt' | 'currency'>;
}

/**
 * Plans, then reserves the plan in one locking statement. When the locked figures are lower than
 * the snapshot said (a concurrent order won), the shortfall is planned once more with the real
 * figures and reserved in a second statement; what is still short is returned in `short`.
 */
export async function planAndReserve(tx: Db, input: { orderId: string; req: PlanRequest; at: Date; newId: () => string }): Promise<ReservedPlan> {
  const { req } = input;
  const sku = new Map(req.lines.map((l) => [l.orderLineId, l.sku]));
  const first = solveRequest(req);
  const toUnits = (a: Allocation[]): PlannedUnits[] => a.map((x) => ({ orderLineId: x.lineId, sku: sku.get(x.lineId)!, locationCode: x.locationCode, quantity: x.quantity }));
  const r1 = await reservePlanned(tx, { orderId: input.orderId, planned: toUnits(first.allocations), at: input.at, newId: input.newId });
  const got = new Map<string, number>();
  for (const g of r1.got) got.set(g.orderLineId, (got.get(g.orderLineId) ?? 0) + g.quantity);
  let allocations = r1.got;
  let reservationRows = r1.reservationRows;
  let second: SourcingPlan | null = null;
  const plannedUnits = first.allocations.reduce((s, a) => s + a.quantity, 0);
  if (r1.got.reduce((s, a) => s + a.quantity, 0) < plannedUnits) {
    // Re-plan the shortfall once with the locked availability (minus what we just took).
    const taken = new Map<string, number>();
    for (const g of r1.got) taken.set(`${g.locationCode}|${g.sku}`, (taken.get(`${g.locationCode}|${g.sku}`) ?? 0) + g.quantity);
    const locations = req.locations.map((loc) => {
      const available = { ...loc.available };
      for (const s of Object.keys(available)) {
        const k = `${loc.code}|${s}`;
        if (r1.lockedAvailable.has(k)) available[s] = Math.max(0, r1.lockedAvailable.get(k)! - (taken.get(k) ?? 0));
      }
      return { ...loc, available };
    });
    const residual = req.lines.map((l) => ({ ...l, quantity: l.quantity - (got.get(l.orderLineId) ?? 0) }));
    second = solveRequest({ ...req, lines: residual, locations }, false);
    const r2 = await reservePlanned(tx, { orderId: input.orderId, planned: toUnits(second.allocations), at: input.at, newId: input.newId });
    for (const g of r2.got) got.set(g.orderLineId, (got.get(g.orderLineId) ?? 0) + g.quantity);
    allocations = [...r1.got, ...r2.got];
    reservationRows = [...r1.reservationRows, ...r2.reservationRows];
  }
  const short = new Map<string, number>();
  for (const l of req.lines) if (l.quantity - (got.get(l.orderLineId) ?? 0) > 0) short.set(l.orderLineId, l.quantity - (got.get(l.orderLineId) ?? 0));
  return { allocations, short, reservationRows, stored: describePlan(req, first, second, allocations, short) };
}

/** The stored form of what was decided: the final allocation priced, with the first plan's reasons. */
export function describePlan(
  req: PlanRequest,
  first: SourcingPlan,
  second: SourcingPlan | null,
  allocations: PlannedUnits[],
  short: Map<string, number>,
): ReservedPlan['stored'] {
  const input = toSourcingInput(req);
  const cost = allocationCost(input, allocations.map((a) => ({ lineId: a.orderLineId, locationCode: a.locationCode, quantity: a.quantity })));
  const byCode = new Map(cost.shipments.map((s) => [s.locationCode, s]));
  const firstChosen = new Set(first.shipments.map((s) => s.locationCode));
  const explanation = first.explanation.map((e) => {
    const loc = req.locations.find((l) => l.code === e.locationCode)!;
    const ship = byCode.get(e.locationCode);
    const reason = ship ? (firstChosen.has(e.locationCode) ? 'chosen' : 'chosen on re-plan: stock taken by a concurrent order') : firstChosen.has(e.locationCode) ? 'planned, but its stock was taken by a concurrent order' : e.reason;
    return {
      locationCode: e.locationCode,
      chosen: ship !== undefined,
      reason,
      distanceKm: kmTo(req.shipTo, loc),
      ...(ship ? { cost: { handling: ship.cost.handling.toString(), shipping: ship.cost.shipping.toString(), total: ship.cost.total.toString() } } : {}),
    };
  });
  const exact = first.exact && (second === null || second.exact);
  const lowerBound = second === null ? first.lowerBound : cost.totalCost < first.lowerBound ? cost.totalCost : first.lowerBound;
  const sku = new Map(req.lines.map((l) => [l.orderLineId, l.sku]));
  const notes: string[] = [];
  if (second) notes.push('re-planned once after a concurrent order took planned stock');
  if (first.heuristicReason) notes.push(first.heuristicReason);
  return {
    strategy: exact ? 'exact' : 'heuristic',
    totalCost: cost.totalCost,
    lowerBound,
    gap: cost.totalCost - lowerBound,
    costBreakdown: {
      shipments: cost.shipments.map((s) => ({ locationCode: s.locationCode, weightGrams: s.weightGrams, distanceKm: s.distanceKm, handling: s.cost.handling.toString(), shipping: s.cost.shipping.toString(), total: s.cost.total.toString() })),
      splitPenalty: (cost.shipments.length > 1 ? input.config.splitPenalty * BigInt(cost.shipments.length - 1) : 0n).toString(),
      maxShipments: first.maxShipments,
    },
    explanation,
    allocations: allocations.map((a) => ({ orderLineId: a.orderLineId, sku: a.sku, locationCode: a.locationCode, quantity: a.quantity })),
    backordered: [...short].map(([orderLineId, quantity]) => ({ orderLineId, sku: sku.get(orderLineId)!, quantity })),
    note: notes.length ? notes.join('; ') : null,
  };
}
