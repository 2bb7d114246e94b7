import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inventoryLevels, locations, orderLines, reservations, type CustomizationField } from '../../platform/db/schema/index.js';
import { preparedRows } from '../../platform/db/prepared.js';

/**
 * The allocated reservations of one order line: found through its order (reservations_order_idx; the
 * line's order id comes from order_lines' primary key). An order's reservations carry both ids, and
 * reservations has no index on order_line_id (one index fewer to maintain on every placement).
 */
export const reservationsOfLine = (orderLineId: string) =>
  and(
    eq(reservations.orderId, sql`(select ${orderLines.orderId} from ${orderLines} where ${orderLines.id} = ${orderLineId})`),
    eq(reservations.orderLineId, orderLineId),
    eq(reservations.state, 'allocated'),
  );

/**
 * Lock-and-reserve for a plan over several locations in ONE statement: the level rows of every
 * wanted (location, sku) are locked in (sku, location) order — the same order in every transaction,
 * so concurrent placements never deadlock on them — then each takes min(wanted, locked available)
 * and `reserved` rises by exactly that. Returns, per wanted row that exists, what was taken and the
 * locked availability (so a caller whose snapshot was stale can re-plan with the real figures).
 * The UPDATE itself re-checks the quantity against the row it writes (the current version, after any
 * concurrent commit): a row whose availability no longer covers `n` is not touched and reports 0,
 * so the stock CHECK can never fire (a 500) and safety stock is never reserved, whatever the plan.
 * The arrays are read through `(select $n)` so that the statement keeps one generic plan (see preparedRows).
 */
const RESERVE_SQL = `
  with want(location_code, sku, q) as (select * from unnest((select $1::text[]), (select $2::text[]), (select $3::int[]))),
  cur as (
    select l.location_code, l.sku, l.on_hand - l.reserved - l.safety_stock as avail
    from inventory_levels l
    where (l.sku, l.location_code) in (select sku, location_code from want)
    order by l.sku, l.location_code
    for update
  ),
  take as (
    select cur.location_code, cur.sku, least(want.q, greatest(cur.avail, 0)) as n, cur.avail
    from cur join want using (location_code, sku)
  ),
  upd as (
    update inventory_levels l set reserved = l.reserved + take.n, updated_at = $4::timestamptz
    from take
    where l.location_code = take.location_code and l.sku = take.sku and take.n > 0
      and l.on_hand - l.reserved - l.safety_stock >= take.n
    returning l.location_code, l.sku
  )
  select take.location_code, take.sku, (case when upd.sku is null then 0 else take.n end)::int as n, take.avail::int as avail
  from take left join upd using (location_code, sku)`;

export interface CatalogEntry {
  sku: string;
  name: string;
  priceAmount: bigint;
  currency: string;
  active: boolean;
  customizationFields: CustomizationField[];
}

/**
 * A store-pickup order can only be served by its pickup location: that location (when it exists, is
 * active and offers pickup) with its available stock of the SKUs, whether or not it ships.
 */
export async function loadPickupCandidate(
  tx: Db,
  code: string,
  skus: string[],
): Promise<{ found: boolean; canPickup: boolean; candidate: PickupCandidate | null }> {
  const [loc] = await tx.select().from(locations).where(eq(locations.code, code));
  if (!loc) return { found: false, canPickup: false, candidate: null };
  if (!loc.active || !loc.canPickup) return { found: true, canPickup: false, candidate: null };
  const levels = await tx
    .select({ sku: inventoryLevels.sku, available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved} - ${inventoryLevels.safetyStock})::int` })
    .from(inventoryLevels)
    .where(and(eq(inventoryLevels.locationCode, code), inArray(inventoryLevels.sku, skus)));
  const available = Object.fromEntries(levels.map((l) => [l.sku, Math.max(0, Number(l.available))]));
  return { found: true, canPickup: true, candidate: { code, latitude: loc.latitude, longitude: loc.longitude, priority: loc.priority, available } };
}

export interface PickupCandidate {
  code: string;
  latitude: number;
  longitude: number;
  priority: number;
  available: Record<string, number>;
}

export interface PlannedUnits {
  orderLineId: string;
  sku: string;
  locationCode: string;
  quantity: number;
}

/**
 * Reserves the planned units of order lines at several locations in ONE statement (see RESERVE_SQL).
 * Never read-then-write without the lock; the CHECK reserved <= on_hand stays as the last guard.
 * Returns what each planned row got, the reservation rows to insert, and the locked availability
 * per `location|sku` before this reservation (absent: no level row).
 */
export async function reservePlanned(
  tx: Db,
  input: { orderId: string; planned: PlannedUnits[]; at: Date; newId: () => string },
): Promise<{ got: PlannedUnits[]; reservationRows: Array<typeof reservations.$inferInsert>; lockedAvailable: Map<string, number> }> {
  const want = new Map<string, { locationCode: string; sku: string; q: number }>();
  for (const p of input.planned) {
    if (p.quantity <= 0) continue;
    const k = `${p.locationCode}|${p.sku}`;
    const w = want.get(k) ?? { locationCode: p.locationCode, sku: p.sku, q: 0 };
    w.q += p.quantity;
    want.set(k, w);
  }
  if (want.size === 0) return { got: [], reservationRows: [], lockedAvailable: new Map() };
  const rows = [...want.values()].sort((x, y) => (x.sku < y.sku ? -1 : x.sku > y.sku ? 1 : x.locationCode < y.locationCode ? -1 : x.locationCode > y.locationCode ? 1 : 0));
  const taken = await preparedRows<{ location_code: string; sku: string; n: number; avail: number }>(tx, 'ordo_reserve_planned_v2', RESERVE_SQL, [
    rows.map((r) => r.locationCode),
    rows.map((r) => r.sku),
    rows.map((r) => r.q),
    input.at,
  ]);
  const left = new Map(taken.map((r) => [`${r.location_code}|${r.sku}`, Number(r.n)]));
  const lockedAvailable = new Map(taken.map((r) => [`${r.location_code}|${r.sku}`, Math.max(0, Number(r.avail))]));
  const got: PlannedUnits[] = [];
  const reservationRows: Array<typeof reservations.$inferInsert> = [];
  for (const p of input.planned) {
    const k = `${p.locationCode}|${p.sku}`;
    const n = Math.min(p.quantity, left.get(k) ?? 0);
    if (n <= 0) continue;
    left.set(k, left.get(k)! - n);
    got.push({ ...p, quantity: n });
    reservationRows.push({
      id: input.newId(),
      sku: p.sku,
      locationCode: p.locationCode,
      quantity: n,
      state: 'allocated',
      orderId: input.orderId,
      orderLineId: p.orderLineId,
      createdAt: input.at,
      updatedAt: input.at,
    });
  }
  return { got, reservationRows, lockedAvailable };
}

/**
 * Releases `quantity` allocated units of an order line (cancellation, re-sourcing): the reservation
 * rows shrink or become `released`, and the level's reserved count drops by the same amount.
 */
export async function releaseLineAllocation(
  tx: Db,
  input: { orderLineId: string; quantity: number; at: Date; /** only at this location */ locationCode?: string },
): Promise<void> {
  if (input.quantity <= 0) return;
  const held = await tx
    .select()
    .from(reservations)
    .where(
      and(
        reservationsOfLine(input.orderLineId),
        input.locationCode === undefined ? undefined : eq(reservations.locationCode, input.locationCode),
      ),
    )
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
