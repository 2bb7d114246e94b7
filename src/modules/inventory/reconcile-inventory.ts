import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';

export interface ReconcileReport {
  /** Levels (and ledger-only sku/location pairs) checked. */
  checked: number;
  mismatches: Array<{ sku: string; locationCode: string; onHand: number; ledgerSum: number }>;
  reservedMismatches: Array<{ sku: string; locationCode: string; reserved: number; activeReservations: number }>;
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * Checks the two bookkeeping invariants, one query each: on_hand = sum of ledger deltas, and
 * reserved = sum of soft + allocated reservation quantities, for every (sku, location). A full
 * outer join also catches ledger rows or reservations whose level is missing. Read-only; the
 * engine of `ordo reconcile`.
 */
export async function reconcileInventory(db: Db): Promise<ReconcileReport> {
  const ledger = rowsOf<{ checked: number; mismatches: ReconcileReport['mismatches'] | null }>(
    await db.execute(sql`
      with m as (select sku, location_code, sum(delta)::bigint as s from inventory_movements group by sku, location_code),
      j as (
        select coalesce(l.sku, m.sku) as sku, coalesce(l.location_code, m.location_code) as location_code,
               coalesce(l.on_hand, 0)::bigint as on_hand, coalesce(m.s, 0)::bigint as s
        from inventory_levels l full join m on m.sku = l.sku and m.location_code = l.location_code
      )
      select count(*)::int as checked,
             json_agg(json_build_object('sku', sku, 'locationCode', location_code, 'onHand', on_hand, 'ledgerSum', s)
                      order by sku, location_code) filter (where on_hand <> s) as mismatches
      from j`),
  )[0];
  const reserved = rowsOf<{ sku: string; location_code: string; reserved: number; active: number }>(
    await db.execute(sql`
      with r as (
        select sku, location_code, sum(quantity)::bigint as q from reservations
        where state in ('soft', 'allocated') group by sku, location_code
      )
      select coalesce(l.sku, r.sku) as sku, coalesce(l.location_code, r.location_code) as location_code,
             coalesce(l.reserved, 0)::int as reserved, coalesce(r.q, 0)::int as active
      from inventory_levels l full join r on r.sku = l.sku and r.location_code = l.location_code
      where coalesce(l.reserved, 0) <> coalesce(r.q, 0)
      order by 1, 2`),
  );
  return {
    checked: Number(ledger?.checked ?? 0),
    mismatches: (ledger?.mismatches ?? []).map((m) => ({ sku: m.sku, locationCode: m.locationCode, onHand: Number(m.onHand), ledgerSum: Number(m.ledgerSum) })),
    reservedMismatches: reserved.map((r) => ({ sku: r.sku, locationCode: r.location_code, reserved: Number(r.reserved), activeReservations: Number(r.active) })),
  };
}
