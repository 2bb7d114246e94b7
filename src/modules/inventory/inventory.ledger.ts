import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inventoryLevels, inventoryMovements, type MovementReason } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { insufficientStock, type LevelRow } from './inventory.repository.js';

export type MovementRow = typeof inventoryMovements.$inferSelect;

export interface MovementInput {
  sku: string;
  locationCode: string;
  /** Non-zero change of on_hand. */
  delta: number;
  reason: MovementReason;
  referenceType?: string | undefined;
  referenceId?: string | undefined;
  note?: string | undefined;
  /** `actorLabel(actor)` of whoever caused it. */
  actor: string;
  at: Date;
  /**
   * A decrease must also leave the safety stock untouched (transfers move only available stock).
   * Without it a decrease only has to leave on_hand >= reserved.
   */
  keepSafetyStock?: boolean;
}

/**
 * The only writer of `on_hand`: changes the level by `delta` and appends the ledger row, both with
 * the caller's transaction. An increase upserts the level; a decrease is one conditional UPDATE that
 * keeps on_hand >= reserved (and >= reserved + safety stock with `keepSafetyStock`), otherwise 409
 * `insufficient_stock` naming the sku and location. Nothing is read before the write, so concurrent
 * movements never oversell.
 *
 * @example await applyMovement(tx, { sku: 'A', locationCode: 'W1', delta: 5, reason: 'receipt', actor: 'api_key:k1', at })
 */
export async function applyMovement(tx: Db, m: MovementInput): Promise<{ level: LevelRow; movement: MovementRow }> {
  if (!Number.isSafeInteger(m.delta) || m.delta === 0) {
    throw new AppError('validation_failed', 'A movement changes stock by a non-zero integer', { errors: [{ path: 'delta', message: 'must be a non-zero integer' }] });
  }
  const l = inventoryLevels;
  let level: LevelRow | undefined;
  if (m.delta > 0) {
    [level] = await tx
      .insert(l)
      .values({ sku: m.sku, locationCode: m.locationCode, onHand: m.delta, updatedAt: m.at })
      .onConflictDoUpdate({ target: [l.sku, l.locationCode], set: { onHand: sql`${l.onHand} + ${m.delta}`, updatedAt: m.at } })
      .returning();
  } else {
    const floor = m.keepSafetyStock ? sql`${l.reserved} + ${l.safetyStock}` : sql`${l.reserved}`;
    [level] = await tx
      .update(l)
      .set({ onHand: sql`${l.onHand} + ${m.delta}`, updatedAt: m.at })
      .where(and(eq(l.sku, m.sku), eq(l.locationCode, m.locationCode), sql`${l.onHand} + ${m.delta} >= ${floor}`))
      .returning();
    if (!level) throw await insufficientStock(tx, m.sku, m.locationCode, `remove ${-m.delta}`);
  }
  const [movement] = await tx
    .insert(inventoryMovements)
    .values({
      sku: m.sku,
      locationCode: m.locationCode,
      delta: m.delta,
      reason: m.reason,
      referenceType: m.referenceType ?? null,
      referenceId: m.referenceId ?? null,
      note: m.note ?? null,
      actor: m.actor,
      createdAt: m.at,
    })
    .returning();
  return { level: level!, movement: movement! };
}

export const toMovementJson = (r: MovementRow) => ({
  id: r.id,
  sku: r.sku,
  locationCode: r.locationCode,
  delta: r.delta,
  reason: r.reason,
  referenceType: r.referenceType,
  referenceId: r.referenceId,
  note: r.note,
  actor: r.actor,
  createdAt: r.createdAt.toISOString(),
});
export type MovementJson = ReturnType<typeof toMovementJson>;
