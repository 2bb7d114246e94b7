import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { sourcingPlans, type SourcingTrigger, type StoredPlanLocation } from '../../platform/db/schema/index.js';

export type StoredPlan = {
  id: string;
  orderId: string;
  trigger: SourcingTrigger;
  currency: string;
  strategy: 'exact' | 'heuristic';
  totalCost: bigint;
  lowerBound: bigint;
  gap: bigint;
  costBreakdown: {
    shipments: Array<{ locationCode: string; weightGrams: number; distanceKm: number; handling: string; shipping: string; total: string }>;
    splitPenalty: string;
    maxShipments: number;
  };
  explanation: StoredPlanLocation[];
  allocations: Array<{ orderLineId: string; sku: string; locationCode: string; quantity: number }>;
  backordered: Array<{ orderLineId: string; sku: string; quantity: number }>;
  note: string | null;
  createdAt: Date;
};

export async function insertPlan(tx: Db, p: StoredPlan): Promise<void> {
  await tx.insert(sourcingPlans).values({
    id: p.id,
    orderId: p.orderId,
    trigger: p.trigger,
    strategy: p.strategy,
    currency: p.currency,
    totalCostAmount: p.totalCost,
    lowerBoundAmount: p.lowerBound,
    gapAmount: p.gap,
    costBreakdown: p.costBreakdown,
    explanation: p.explanation,
    allocations: p.allocations,
    backordered: p.backordered,
    note: p.note,
    createdAt: p.createdAt,
  });
}

/**
 * Bind values for the plan insert of the placement statement (place-order.writes.ts), in the order
 * of its parameters: id, trigger, strategy, currency, total, lower bound, gap, breakdown, explanation,
 * allocations, backordered, note. All null when nothing was sourced (deferred).
 */
export function planInsertParams(p: StoredPlan | null): unknown[] {
  if (!p) return [null, null, null, null, null, null, null, null, null, null, null, null];
  return [
    p.id,
    p.trigger,
    p.strategy,
    p.currency,
    p.totalCost.toString(),
    p.lowerBound.toString(),
    p.gap.toString(),
    JSON.stringify(p.costBreakdown),
    JSON.stringify(p.explanation),
    JSON.stringify(p.allocations),
    JSON.stringify(p.backordered),
    p.note,
  ];
}

const money = (amount: string | bigint, currency: string) => ({ amount: Number(amount), currency });

/** The API shape of a stored plan (money as { amount, currency }). */
export function planJson(r: typeof sourcingPlans.$inferSelect) {
  const c = r.currency;
  const b = r.costBreakdown as StoredPlan['costBreakdown'];
  return {
    id: r.id,
    orderId: r.orderId,
    trigger: r.trigger,
    strategy: r.strategy,
    totalCost: money(r.totalCostAmount, c),
    lowerBound: money(r.lowerBoundAmount, c),
    gap: money(r.gapAmount, c),
    splitPenalty: money(b.splitPenalty, c),
    maxShipments: b.maxShipments,
    shipments: b.shipments.map((s) => ({
      locationCode: s.locationCode,
      weightGrams: s.weightGrams,
      distanceKm: s.distanceKm,
      handling: money(s.handling, c),
      shipping: money(s.shipping, c),
      total: money(s.total, c),
    })),
    explanation: r.explanation.map((e) => ({
      locationCode: e.locationCode,
      chosen: e.chosen,
      reason: e.reason,
      distanceKm: e.distanceKm ?? null,
      cost: e.cost ? { handling: money(e.cost.handling, c), shipping: money(e.cost.shipping, c), total: money(e.cost.total, c) } : null,
    })),
    allocations: r.allocations,
    backordered: r.backordered,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
  };
}

export type PlanJson = ReturnType<typeof planJson>;

/** Plans of an order, newest first. */
export async function listPlans(db: Db, orderId: string): Promise<PlanJson[]> {
  const rows = await db.select().from(sourcingPlans).where(eq(sourcingPlans.orderId, orderId)).orderBy(desc(sourcingPlans.createdAt), desc(sourcingPlans.id));
  return rows.map(planJson);
}
