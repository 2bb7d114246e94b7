import { and, asc, eq, gte, inArray, lte, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { orderLines, orders, reservations } from '../../platform/db/schema/index.js';
import { allocationCost, type Allocation, type SourcingLocation } from '../../domain/sourcing/index.js';
import { loadSourcingSnapshot } from './sourcing-snapshot.js';
import { solveRequest, toSourcingInput, type PlanRequest } from './plan-and-reserve.js';
import { shipToOf } from './placement-sourcing.js';
import { checkSettingsCurrency, settingsFromInput } from './sourcing-settings.input.js';
import type { WhatIfInput, WhatIfResultJson } from './sourcing.schemas.js';

/**
 * Runs the engine over existing orders with other settings or location attributes, writing nothing:
 * everything is computed in memory from one snapshot. Each order's own allocated units count as
 * available to the what-if (as if released), orders are planned oldest first and the stock and daily
 * capacity they take are no longer available to later ones. The current side prices what the orders
 * hold today under the current settings.
 */
export async function runWhatIf(ctx: Ctx, input: WhatIfInput): Promise<WhatIfResultJson> {
  const currency = ctx.sourcing?.currency ?? 'EUR';
  const f = input.filter ?? {};
  const picked = await ctx.db
    .select()
    .from(orders)
    .where(
      and(
        input.orderIds ? inArray(orders.id, input.orderIds) : undefined,
        f.status ? eq(orders.status, f.status) : ne(orders.status, 'cancelled'),
        f.placedFrom ? gte(orders.placedAt, new Date(f.placedFrom)) : undefined,
        f.placedTo ? lte(orders.placedAt, new Date(f.placedTo)) : undefined,
        eq(orders.deliveryMethod, 'ship'),
      ),
    )
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(input.limit);
  const ids = picked.map((o) => o.id);
  const lines = ids.length ? await ctx.db.select().from(orderLines).where(inArray(orderLines.orderId, ids)) : [];
  const held = ids.length
    ? await ctx.db.select().from(reservations).where(and(inArray(reservations.orderId, ids), eq(reservations.state, 'allocated')))
    : [];
  const skus = [...new Set(lines.map((l) => l.sku))];
  const snapshot = await loadSourcingSnapshot(ctx.db, skus, { at: ctx.clock.now() });
  const current = snapshot.settings;
  const next = settingsFromInput(current, input.settings ?? {}, currency, 'settings');
  checkSettingsCurrency(input.locations ?? [], currency);

  // What-if world: own reservations back in stock, overrides applied.
  const pool = new Map<string, SourcingLocation>();
  for (const loc of snapshot.locations) pool.set(loc.code, { ...loc, available: { ...loc.available } });
  for (const r of held) {
    const loc = pool.get(r.locationCode);
    if (loc) loc.available[r.sku] = (loc.available[r.sku] ?? 0) + r.quantity;
  }
  for (const o of input.locations ?? []) {
    const loc = pool.get(o.code);
    if (!loc) continue;
    if (o.exclude) {
      pool.delete(o.code);
      continue;
    }
    if (o.handlingCostPerOrder) loc.handlingPerOrder = BigInt(o.handlingCostPerOrder.amount);
    if (o.handlingCostPerUnit) loc.handlingPerUnit = BigInt(o.handlingCostPerUnit.amount);
    if (o.shipping === null) delete loc.shipping;
    else if (o.shipping) loc.shipping = { base: BigInt(o.shipping.base.amount), perKm: BigInt(o.shipping.perKm.amount), perKg: BigInt(o.shipping.perKg.amount) };
    if (o.dailyOrderCapacity !== undefined) loc.remainingCapacity = o.dailyOrderCapacity;
  }

  const money = (amount: bigint) => ({ amount: Number(amount), currency });
  const out: WhatIfResultJson['orders'] = [];
  const tot = { cur: 0n, next: 0n, curShip: 0, nextShip: 0, curKm: 0, nextKm: 0, curSplit: 0, nextSplit: 0, curUnits: 0, nextUnits: 0, back: 0 };
  for (const o of picked) {
    const mine = lines.filter((l) => l.orderId === o.id);
    const demand = mine
      .map((l) => ({ orderLineId: l.id, sku: l.sku, quantity: l.quantityOrdered - l.quantityCancelled - l.quantityShipped }))
      .filter((d) => d.quantity > 0);
    const base: PlanRequest = {
      lines: demand,
      shipTo: shipToOf(o.shippingAddress),
      orderValue: o.currency === currency ? o.totalAmount : undefined,
      locations: snapshot.locations,
      settings: current,
      weights: snapshot.weights,
    };
    const curAlloc: Allocation[] = held.filter((r) => r.orderId === o.id).map((r) => ({ lineId: r.orderLineId!, locationCode: r.locationCode, quantity: r.quantity }));
    const cur = allocationCost(toSourcingInput(base), curAlloc);
    const req: PlanRequest = { ...base, orderValue: base.orderValue, locations: [...pool.values()], settings: next };
    const plan = solveRequest(req, false);
    for (const a of plan.allocations) {
      const loc = pool.get(a.locationCode)!;
      const sku = demand.find((d) => d.orderLineId === a.lineId)!.sku;
      loc.available[sku] = (loc.available[sku] ?? 0) - a.quantity;
    }
    for (const s of plan.shipments) {
      const loc = pool.get(s.locationCode)!;
      if (loc.remainingCapacity !== null) loc.remainingCapacity -= 1;
    }
    const nextKm = plan.shipments.reduce((s, x) => s + x.distanceKm, 0);
    const curUnits = curAlloc.reduce((s, a) => s + a.quantity, 0);
    const nextUnits = plan.allocations.reduce((s, a) => s + a.quantity, 0);
    const back = plan.backordered.reduce((s, b) => s + b.quantity, 0);
    out.push({
      orderId: o.id,
      number: o.number,
      current: { cost: money(cur.totalCost), shipments: cur.shipments.length, distanceKm: cur.totalDistanceKm, unitsAllocated: curUnits, locations: cur.shipments.map((s) => s.locationCode) },
      whatIf: {
        cost: money(plan.totalCost),
        shipments: plan.shipments.length,
        distanceKm: nextKm,
        unitsAllocated: nextUnits,
        unitsBackordered: back,
        strategy: plan.strategy,
        locations: plan.shipments.map((s) => s.locationCode),
      },
      saving: { amount: Number(cur.totalCost - plan.totalCost), currency },
    });
    tot.cur += cur.totalCost;
    tot.next += plan.totalCost;
    tot.curShip += cur.shipments.length;
    tot.nextShip += plan.shipments.length;
    tot.curKm += cur.totalDistanceKm;
    tot.nextKm += nextKm;
    tot.curSplit += cur.shipments.length > 1 ? 1 : 0;
    tot.nextSplit += plan.shipments.length > 1 ? 1 : 0;
    tot.curUnits += curUnits;
    tot.nextUnits += nextUnits;
    tot.back += back;
  }
  return {
    currency,
    orders: out,
    totals: {
      orders: out.length,
      current: { cost: money(tot.cur), shipments: tot.curShip, distanceKm: tot.curKm, unitsAllocated: tot.curUnits, splitOrders: tot.curSplit },
      whatIf: { cost: money(tot.next), shipments: tot.nextShip, distanceKm: tot.nextKm, unitsAllocated: tot.nextUnits, splitOrders: tot.nextSplit, unitsBackordered: tot.back },
      saving: { amount: Number(tot.cur - tot.next), currency },
    },
  };
}
