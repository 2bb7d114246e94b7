import type { Db } from '../../platform/db/client.js';
import { validation } from '../../platform/errors.js';
import type { Money } from '../../domain/money.js';
import type { ShipTo } from '../../domain/sourcing/index.js';
import type { PlannedUnits } from '../inventory/index.js';
import { loadSourcingSnapshot } from './sourcing-snapshot.js';
import { describePlan, solveRequest, type PlanRequest, type ReservedPlan } from './plan-and-reserve.js';

export interface DryRunInput {
  /** The cart; `line` in the result is the index into this array. */
  lines: Array<{ sku: string; quantity: number }>;
  shipTo: ShipTo;
  /**
   * What placement will see as the order total (never-split-below). Absent: catalog prices ×
   * quantities. Counted only when in the sourcing currency, as at placement.
   */
  orderValue?: Money | undefined;
  sourcingCurrency: string;
  /**
   * Checks of the caller's that placement makes on the same snapshot (e.g. goods the destination
   * refuses), run after the SKUs are validated and before the engine: a throw refuses the cart.
   */
  screen?: ((snapshot: { hsCodes: ReadonlyMap<string, string | null> }) => Promise<void>) | undefined;
}

export interface DryRunShipment {
  locationCode: string;
  distanceKm: number;
  /** Catalog weight of exactly the units planned here (what the engine weighed). */
  weightGrams: number;
  lines: Array<{ line: number; sku: string; quantity: number }>;
}

export interface DryRun {
  shipments: DryRunShipment[];
  /** Units per cart line that no location can supply now (placement would backorder or reject them). */
  unfilled: Array<{ line: number; sku: string; quantity: number }>;
  /** The plan in the form placement stores it (`orderLineId` is the cart line index). */
  plan: ReservedPlan['stored'];
}

/**
 * What placement's sourcing would decide for a cart now, writing nothing: the same single snapshot
 * read, settings and engine as `placementSourcing`, without the reservation statement. Stock
 * may move before the order is placed; the dry run does not hold it. Unknown or inactive SKUs (which
 * placement refuses) are a validation error naming `lines.N.sku`; `screen` then refuses what else the
 * caller's placement checks refuse, in placement's order.
 */
export async function planDryRun(db: Db, now: Date, input: DryRunInput): Promise<DryRun> {
  const snapshot = await loadSourcingSnapshot(db, [...new Set(input.lines.map((l) => l.sku))], { at: now });
  const errors = input.lines.flatMap((l, i) => {
    const p = snapshot.products.get(l.sku);
    const message = !p ? `unknown SKU ${l.sku}` : p.active ? null : `${l.sku} is not active`;
    return message ? [{ path: `lines.${i}.sku`, message }] : [];
  });
  if (errors.length) throw validation(errors);
  await input.screen?.({ hsCodes: snapshot.hsCodes });
  const demand = input.lines.map((l, i) => ({ orderLineId: String(i), sku: l.sku, quantity: l.quantity }));
  const req: PlanRequest = {
    lines: demand,
    shipTo: input.shipTo,
    orderValue: orderValueOf(input, snapshot.products),
    locations: snapshot.locations,
    settings: snapshot.settings,
    weights: snapshot.weights,
  };
  const plan = solveRequest(req);
  const units: PlannedUnits[] = plan.allocations.map((a) => ({ orderLineId: a.lineId, sku: demand[Number(a.lineId)]!.sku, locationCode: a.locationCode, quantity: a.quantity }));
  const short = new Map(plan.backordered.filter((b) => b.quantity > 0).map((b) => [b.lineId, b.quantity]));
  const shipments = plan.shipments.map((s) => ({
    locationCode: s.locationCode,
    distanceKm: s.distanceKm,
    weightGrams: s.weightGrams,
    lines: units.filter((u) => u.locationCode === s.locationCode).map((u) => ({ line: Number(u.orderLineId), sku: u.sku, quantity: u.quantity })),
  }));
  const unfilled = [...short].map(([id, quantity]) => ({ line: Number(id), sku: demand[Number(id)]!.sku, quantity }));
  return { shipments, unfilled, plan: describePlan(req, plan, null, units, short) };
}

function orderValueOf(input: DryRunInput, products: Map<string, { priceAmount: bigint; currency: string }>): bigint | undefined {
  if (input.orderValue) return input.orderValue.currency === input.sourcingCurrency ? input.orderValue.amount : undefined;
  let total = 0n;
  for (const l of input.lines) {
    const p = products.get(l.sku)!;
    if (p.currency !== input.sourcingCurrency) return undefined;
    total += p.priceAmount * BigInt(l.quantity);
  }
  return total;
}
