import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inventoryLevels, locations, reservations } from '../../platform/db/schema/index.js';
import type { CandidateLocation } from '../../domain/orders/choose-location.js';

/** Stock snapshot for placement: every active ship-from location holding any of the SKUs. */
export async function loadShipCandidates(tx: Db, skus: string[]): Promise<CandidateLocation[]> {
  const rows = await tx
    .select({
      code: inventoryLevels.locationCode,
      sku: inventoryLevels.sku,
      available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved} - ${inventoryLevels.safetyStock})::int`,
      latitude: locations.latitude,
      longitude: locations.longitude,
      priority: locations.priority,
    })
    .from(inventoryLevels)
    .innerJoin(locations, eq(locations.code, inventoryLevels.locationCode))
    .where(and(inArray(inventoryLevels.sku, skus), eq(locations.active, true), eq(locations.canShip, true)));
  const byCode = new Map<string, CandidateLocation & { available: Map<string, number> }>();
  for (const r of rows) {
    let c = byCode.get(r.code);
    if (!c) {
      c = { code: r.code, latitude: r.latitude, longitude: r.longitude, priority: r.priority, available: new Map() };
      byCode.set(r.code, c);
    }
    c.available.set(r.sku, Math.max(0, Number(r.available)));
  }
  return [...byCode.values()];
}

export interface LineDemandAt {
  orderLineId: string;
  sku: string;
  quantity: number;
}

/**
 * Reserves stock for order lines at one location, under row locks taken in SKU order (so concurrent
 * placements cannot deadlock), re-reading availability under the lock: never read-then-write without
 * one. Each line gets min(requested, still available). Returns the allocated quantity per line.
 * The CHECK constraint reserved <= on_hand stays as the last guard.
 */
export async function allocateAtLocation(
  tx: Db,
  input: { locationCode: string; orderId: string; lines: LineDemandAt[]; at: Date; newId: () => string },
): Promise<Map<string, number>> {
  const skus = [...new Set(input.lines.map((l) => l.sku))].sort();
  const locked = await tx
    .select({
      sku: inventoryLevels.sku,
      available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved} - ${inventoryLevels.safetyStock})::int`,
    })
    .from(inventoryLevels)
    .where(and(eq(inventoryLevels.locationCode, input.locationCode), inArray(inventoryLevels.sku, skus)))
    .orderBy(inventoryLevels.sku)
    .for('update');
  const left = new Map(locked.map((r) => [r.sku, Math.max(0, Number(r.available))]));
  const result = new Map<string, number>();
  const perSku = new Map<string, number>();
  for (const line of input.lines) {
    const take = Math.min(line.quantity, left.get(line.sku) ?? 0);
    result.set(line.orderLineId, take);
    if (take > 0) {
      left.set(line.sku, (left.get(line.sku) ?? 0) - take);
      perSku.set(line.sku, (perSku.get(line.sku) ?? 0) + take);
    }
  }
  if (perSku.size === 0) return result;
  const values = sql.join(
    [...perSku].map(([sku, q]) => sql`(${sku}::text, ${q}::int)`),
    sql`, `,
  );
  await tx.execute(sql`
    update inventory_levels l set reserved = l.reserved + v.q, updated_at = ${input.at}
    from (values ${values}) as v(sku, q)
    where l.location_code = ${input.locationCode} and l.sku = v.sku`);
  const rows = input.lines
    .filter((l) => (result.get(l.orderLineId) ?? 0) > 0)
    .map((l) => ({
      id: input.newId(),
      sku: l.sku,
      locationCode: input.locationCode,
      quantity: result.get(l.orderLineId)!,
      state: 'allocated' as const,
      orderId: input.orderId,
      orderLineId: l.orderLineId,
      createdAt: input.at,
      updatedAt: input.at,
    }));
  await tx.insert(reservations).values(rows);
  return result;
}

/**
 * Releases `quantity` allocated units of an order line (cancellation, re-sourcing): the reservation
 * rows shrink or become `released`, and the level's reserved count drops by the same amount.
 */
export async function releaseLineAllocation(
  tx: Db,
  input: { orderLineId: string; quantity: number; at: Date },
): Promise<void> {
  if (input.quantity <= 0) return;
  const held = await tx
    .select()
    .from(reservations)
    .where(and(eq(reservations.orderLineId, input.orderLineId), eq(reservations.state, 'allocated')))
    .orderBy(reservations.locationCode)
    .for('update');
  let left = input.quantity;
  for (const r of held) {
    if (left === 0) break;
    const n = Math.min(left, r.quantity);
    left -= n;
    if (n === r.quantity) {
      await tx.update(reservations).set({ state: 'released', updatedAt: input.at }).where(eq(reservations.id, r.id));
    } else {
      await tx.update(reservations).set({ quantity: r.quantity - n, updatedAt: input.at }).where(eq(reservations.id, r.id));
    }
    const ok = await tx
      .update(inventoryLevels)
      .set({ reserved: sql`${inventoryLevels.reserved} - ${n}`, updatedAt: input.at })
      .where(and(eq(inventoryLevels.sku, r.sku), eq(inventoryLevels.locationCode, r.locationCode), sql`${inventoryLevels.reserved} >= ${n}`))
      .returning({ sku: inventoryLevels.sku });
    if (ok.length === 0) throw new Error(`Reserved count of ${r.sku}@${r.locationCode} is below its reservations`);
  }
  if (left > 0) throw new Error(`Line ${input.orderLineId} has ${input.quantity - left} allocated units, not ${input.quantity}`);
}
