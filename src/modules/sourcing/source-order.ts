import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { orderLines, sourcingExclusions, type SourcingTrigger } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { insertReservations, loadPickupCandidate, releaseLineAllocation } from '../inventory/index.js';
import { insertHold, loadAllocations, loadOrder, releaseHolds, setLineQuantities, touchOrder } from '../orders/index.js';
import { loadSourcingSnapshot } from './sourcing-snapshot.js';
import { planAndReserve } from './plan-and-reserve.js';
import { pickupLocation, shipToOf } from './placement-sourcing.js';
import { insertPlan, listPlans, type PlanJson } from './sourcing-plans.js';
import { newEvent } from '../../platform/events/define.js';
import { orderAllocated, orderHoldPlaced, orderHoldReleased } from '../orders/index.js';

/**
 * Holds under which nothing is sourced: stock must not be tied up for a suspect or unpaid order, nor
 * for a line whose SKU is not yet known (`data`: a channel order waiting for its SKU mapping).
 */
export const blockingHoldTypes = ['fraud', 'payment', 'data'] as const;

export interface SourceOrderInput {
  orderId: string;
  reason: SourcingTrigger;
  /** New exclusions to record (and honour from now on): order line id → location codes. */
  excludeByLine?: ReadonlyMap<string, ReadonlySet<string>> | undefined;
  /** Why the exclusions were recorded (e.g. the rejection reason). */
  exclusionReason?: string | undefined;
  /** Only these lines (default: every line with pending or backordered units). */
  lineIds?: readonly string[] | undefined;
  /** Release every allocated unit first and plan the whole order again. */
  reallocate?: boolean | undefined;
}

export type SourceOrderResult =
  | { outcome: 'sourced'; allocated: number; backordered: number; plan: PlanJson }
  | { outcome: 'skipped'; why: string };

/**
 * Allocates the pending and backordered units of an order (or, with `reallocate`, all allocated ones
 * again) inside the caller's transaction: locks the order, records exclusions, loads one snapshot,
 * plans and reserves, moves the units to allocated (what cannot be sourced stays backordered), stores
 * the plan and emits `order.allocated` when anything was allocated. An order under the `reject`
 * policy that cannot be fully sourced gets a `stock` hold; it is released once nothing is short.
 */
export async function sourceOrder(tx: Db, ctx: Ctx, input: SourceOrderInput): Promise<SourceOrderResult> {
  const at = ctx.clock.now();
  const { order, lines, holds } = await loadOrder(tx, input.orderId, { lock: true });
  if (order.status === 'cancelled' || order.status === 'completed') return { outcome: 'skipped', why: `order is ${order.status}` };
  // With ORDO_SOURCING_AT=authorization an order still `placed` waits for its payment authorization
  // (payment.authorized and order.confirmed are emitted together), whatever else triggers sourcing.
  if ((ctx.sourcing?.at ?? 'placement') === 'authorization' && order.status === 'placed') return { outcome: 'skipped', why: 'awaiting payment authorization' };
  const blocking = holds.find((h) => h.releasedAt === null && (blockingHoldTypes as readonly string[]).includes(h.type));
  if (blocking) return { outcome: 'skipped', why: `order has an active ${blocking.type} hold` };

  const source = input.reason === 'rejection' || input.reason === 'short_pick' ? input.reason : 'manual';
  const own = new Set(lines.map((l) => l.id));
  const fresh = [...(input.excludeByLine ?? [])].filter(([lineId]) => own.has(lineId));
  await recordExclusions(tx, { orderId: order.id, source, reason: input.exclusionReason ?? input.reason, at, byLine: new Map(fresh) });
  const excl = await tx.select().from(sourcingExclusions).where(eq(sourcingExclusions.orderId, order.id));
  const exclusions = new Map<string, Set<string>>();
  for (const e of excl) exclusions.set(e.orderLineId, (exclusions.get(e.orderLineId) ?? new Set()).add(e.locationCode));

  const wanted = lines.filter((l) => !input.lineIds || input.lineIds.includes(l.id));
  // Buckets after releasing (reallocate): allocated → to source.
  const toSource = new Map<string, number>();
  for (const l of [...wanted].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.lineNo - b.lineNo))) {
    let n = l.quantityPending + l.quantityBackordered;
    if (input.reallocate && l.quantityAllocated > 0) {
      await releaseLineAllocation(tx, { orderLineId: l.id, quantity: l.quantityAllocated, at });
      n += l.quantityAllocated;
    }
    if (n > 0) toSource.set(l.id, n);
  }
  if (toSource.size === 0) return { outcome: 'skipped', why: 'nothing to source' };

  const demand = wanted.filter((l) => toSource.has(l.id)).map((l) => ({ orderLineId: l.id, sku: l.sku, quantity: toSource.get(l.id)! }));
  const skus = [...new Set(demand.map((d) => d.sku))];
  const snapshot = await loadSourcingSnapshot(tx, skus, { at, orderId: order.id });
  let locations = snapshot.locations;
  let shipTo = shipToOf(order.shippingAddress);
  if (order.deliveryMethod === 'pickup') {
    const p = await loadPickupCandidate(tx, order.pickupLocationCode!, skus);
    locations = p.candidate ? [pickupLocation(p.candidate, snapshot.locations.find((l) => l.code === p.candidate!.code))] : [];
    if (p.candidate) shipTo = { latitude: p.candidate.latitude, longitude: p.candidate.longitude, country: order.shippingAddress.country };
  }
  const currency = ctx.sourcing?.currency ?? 'EUR';
  const r = await planAndReserve(tx, {
    orderId: order.id,
    at,
    newId: ctx.newId,
    req: {
      lines: demand,
      shipTo,
      orderValue: order.currency === currency ? order.totalAmount : undefined,
      locations,
      settings: snapshot.settings,
      weights: snapshot.weights,
      exclusions,
    },
  });
  await insertReservations(tx, r.reservationRows);

  const got = new Map<string, number>();
  for (const a of r.allocations) got.set(a.orderLineId, (got.get(a.orderLineId) ?? 0) + a.quantity);
  const held = await loadAllocations(tx, order.id);
  for (const l of wanted) {
    const n = toSource.get(l.id);
    if (n === undefined) continue;
    const g = got.get(l.id) ?? 0;
    const codes = new Set(held.filter((h) => h.orderLineId === l.id).map((h) => h.locationCode));
    await setLineQuantities(tx, l.id, {
      pending: 0,
      backordered: n - g,
      allocated: (input.reallocate ? 0 : l.quantityAllocated) + g,
      locationCode: codes.size === 1 ? [...codes][0]! : null,
    });
  }
  const planId = ctx.newId();
  await insertPlan(tx, { id: planId, orderId: order.id, trigger: input.reason, currency, createdAt: at, ...r.stored });
  await touchOrder(tx, order.id, at);

  const allocated = r.allocations.reduce((s, a) => s + a.quantity, 0);
  const backordered = [...r.short.values()].reduce((s, n) => s + n, 0);
  const events = [];
  if (allocated > 0) {
    events.push(
      newEvent(orderAllocated, order.id, { orderId: order.id, trigger: input.reason, planId, allocations: r.allocations.map((a) => ({ orderLineId: a.orderLineId, sku: a.sku, locationCode: a.locationCode, quantity: a.quantity })) }),
    );
  }
  events.push(...(await stockHold(tx, ctx, { order, holds, short: backordered, at })));
  await enqueueEvents(tx, { ...ctx, at }, events);
  await recordAudit(tx, { ...ctx, at }, {
    action: 'order.sourced',
    entityType: 'order',
    entityId: order.id,
    after: { trigger: input.reason, planId, allocations: r.stored.allocations, backordered: r.stored.backordered, totalCost: r.stored.totalCost.toString(), currency },
  });
  const plan = (await listPlans(tx, order.id)).find((p) => p.id === planId)!;
  return { outcome: 'sourced', allocated, backordered, plan };
}

/**
 * Records that locations must not supply order lines again (idempotent). The fulfillment side may call
 * it in its own rejection / short-pick transaction, so that no re-source running before the
 * `fulfillment.*` event is handled (e.g. on a stock increase) can pick the rejecting location again.
 */
export async function recordExclusions(
  tx: Db,
  o: { orderId: string; source: 'rejection' | 'short_pick' | 'manual'; reason: string; at: Date; byLine: ReadonlyMap<string, ReadonlySet<string>> },
): Promise<void> {
  for (const [orderLineId, codes] of o.byLine) {
    for (const locationCode of codes) {
      await tx
        .insert(sourcingExclusions)
        .values({ orderLineId, locationCode, orderId: o.orderId, source: o.source, reason: o.reason, createdAt: o.at })
        .onConflictDoNothing();
    }
  }
}

/**
 * Under the `reject` policy an order that cannot be fully sourced after placement is held for stock
 * (a `stock` hold), and that hold is released by sourcing once every unit is allocated.
 */
async function stockHold(
  tx: Db,
  ctx: Ctx,
  o: { order: { id: string; number: string; inventoryPolicy: string }; holds: Array<{ id: string; type: string; releasedAt: Date | null }>; short: number; at: Date },
) {
  const active = o.holds.find((h) => h.type === 'stock' && h.releasedAt === null);
  const rows = await tx.select({ b: orderLines.quantityBackordered, p: orderLines.quantityPending }).from(orderLines).where(eq(orderLines.orderId, o.order.id));
  const left = rows.some((r) => r.b + r.p > 0);
  if (o.order.inventoryPolicy === 'reject' && o.short > 0 && !active) {
    const id = ctx.newId();
    const reason = `${o.short} unit(s) could not be sourced`;
    await insertHold(tx, { id, orderId: o.order.id, type: 'stock', reason, owner: actorLabel(ctx.actor), placedAt: o.at });
    return [newEvent(orderHoldPlaced, o.order.id, { orderId: o.order.id, number: o.order.number, hold: { id, type: 'stock', reason } })];
  }
  if (active && !left) {
    const [hold] = await releaseHolds(tx, { holdId: active.id }, { at: o.at, by: actorLabel(ctx.actor), reason: 'all units sourced' });
    if (hold) return [newEvent(orderHoldReleased, o.order.id, { orderId: o.order.id, number: o.order.number, hold: { id: hold.id, type: 'stock', reason: hold.reason, releaseReason: 'all units sourced' } })];
  }
  return [];
}
