import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inventoryLevels, locations, reservations, type CustomizationField } from '../../platform/db/schema/index.js';
import { preparedRows } from '../../platform/db/prepared.js';
import type { CandidateLocation } from '../../domain/orders/choose-location.js';

const SNAPSHOT_SQL = `
  select p.sku, p.name, p.price_amount, p.currency, p.active, p.customization_fields,
         l.location_code, (l.on_hand - l.reserved - l.safety_stock)::int as available, c.latitude, c.longitude, c.priority
  from products p
  left join (inventory_levels l join locations c on c.code = l.location_code and c.active and c.can_ship)
    on l.sku = p.sku
  where p.sku = any($1::text[])`;

const RESERVE_SQL = `
  with want(sku, q) as (select * from unnest($2::text[], $3::int[])),
  cur as (
    select l.sku, l.on_hand - l.reserved - l.safety_stock as avail
    from inventory_levels l
    where l.location_code = $1::text and l.sku in (select sku from want)
    order by l.sku
    for update
  ),
  take as (select cur.sku, least(want.q, greatest(cur.avail, 0)) as n from cur join want using (sku))
  update inventory_levels l set reserved = l.reserved + take.n, updated_at = $4::timestamptz
  from take
  where l.location_code = $1::text and l.sku = take.sku and take.n > 0
  returning l.sku, take.n`;

export interface CatalogEntry {
  sku: string;
  name: string;
  priceAmount: bigint;
  currency: string;
  active: boolean;
  customizationFields: CustomizationField[];
}

/**
 * Everything placement reads, in ONE query: the products of the order and their stock at every
 * active ship-from location (available = on_hand − reserved − safety_stock).
 */
export async function loadPlacementSnapshot(
  tx: Db,
  skus: string[],
): Promise<{ products: Map<string, CatalogEntry>; candidates: CandidateLocation[] }> {
  const rows = await preparedRows<{
    sku: string;
    name: string;
    price_amount: string;
    currency: string;
    active: boolean;
    customization_fields: CustomizationField[];
    location_code: string | null;
    available: number | null;
    latitude: number | null;
    longitude: number | null;
    priority: number | null;
  }>(tx, 'ordo_placement_snapshot', SNAPSHOT_SQL, [skus]);
  const products = new Map<string, CatalogEntry>();
  const byCode = new Map<string, CandidateLocation & { available: Map<string, number> }>();
  for (const r of rows) {
    if (!products.has(r.sku)) {
      products.set(r.sku, {
        sku: r.sku,
        name: r.name,
        priceAmount: BigInt(r.price_amount),
        currency: r.currency,
        active: r.active,
        customizationFields: r.customization_fields ?? [],
      });
    }
    if (r.location_code === null) continue;
    let c = byCode.get(r.location_code);
    if (!c) {
      c = { code: r.location_code, latitude: Number(r.latitude), longitude: Number(r.longitude), priority: Number(r.priority), available: new Map() };
      byCode.set(r.location_code, c);
    }
    c.available.set(r.sku, Math.max(0, Number(r.available)));
  }
  return { products, candidates: [...byCode.values()] };
}

/**
 * A store-pickup order can only be served by its pickup location: that location (when it exists, is
 * active and offers pickup) with its available stock of the SKUs, whether or not it ships.
 */
export async function loadPickupCandidate(
  tx: Db,
  code: string,
  skus: string[],
): Promise<{ found: boolean; canPickup: boolean; candidate: CandidateLocation | null }> {
  const [loc] = await tx.select().from(locations).where(eq(locations.code, code));
  if (!loc) return { found: false, canPickup: false, candidate: null };
  if (!loc.active || !loc.canPickup) return { found: true, canPickup: false, candidate: null };
  const levels = await tx
    .select({ sku: inventoryLevels.sku, available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved} - ${inventoryLevels.safetyStock})::int` })
    .from(inventoryLevels)
    .where(and(eq(inventoryLevels.locationCode, code), inArray(inventoryLevels.sku, skus)));
  const available = new Map(levels.map((l) => [l.sku, Math.max(0, Number(l.available))]));
  return { found: true, canPickup: true, candidate: { code, latitude: loc.latitude, longitude: loc.longitude, priority: loc.priority, available } };
}

export interface LineDemandAt {
  orderLineId: string;
  sku: string;
  quantity: number;
}

/**
 * Reserves stock for order lines at one location in ONE statement: the CTE locks the level rows in
 * SKU order (FOR UPDATE, so concurrent placements cannot deadlock and always see the latest committed
 * counts), takes min(requested, available) per SKU, and raises `reserved` by exactly that. Never
 * read-then-write without the lock; the CHECK reserved <= on_hand stays as the last guard.
 * Returns the allocated quantity per line and the reservation rows to insert (see `writeTogether`).
 */
export async function allocateAtLocation(
  tx: Db,
  input: { locationCode: string; orderId: string; lines: LineDemandAt[]; at: Date; newId: () => string },
): Promise<{ allocated: Map<string, number>; reservationRows: Array<typeof reservations.$inferInsert> }> {
  const want = new Map<string, number>();
  for (const l of input.lines) want.set(l.sku, (want.get(l.sku) ?? 0) + l.quantity);
  const sorted = [...want].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const taken = await preparedRows<{ sku: string; n: number }>(tx, 'ordo_reserve_at_location', RESERVE_SQL, [
    input.locationCode,
    sorted.map(([sku]) => sku),
    sorted.map(([, q]) => q),
    input.at,
  ]);
  const left = new Map(taken.map((r) => [r.sku, Number(r.n)]));
  const allocated = new Map<string, number>();
  const reservationRows: Array<typeof reservations.$inferInsert> = [];
  for (const line of input.lines) {
    const n = Math.min(line.quantity, left.get(line.sku) ?? 0);
    allocated.set(line.orderLineId, n);
    if (n === 0) continue;
    left.set(line.sku, left.get(line.sku)! - n);
    reservationRows.push({
      id: input.newId(),
      sku: line.sku,
      locationCode: input.locationCode,
      quantity: n,
      state: 'allocated',
      orderId: input.orderId,
      orderLineId: line.orderLineId,
      createdAt: input.at,
      updatedAt: input.at,
    });
  }
  return { allocated, reservationRows };
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
