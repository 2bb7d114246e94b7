import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { applyMovement } from './inventory.ledger.js';
import { levelId, toLevelJson, type LevelJson } from './inventory.repository.js';
import { inventoryAdjusted } from './inventory.events.js';

export interface ReceiptInput {
  sku: string;
  locationCode: string;
  quantity: number;
  /** What the goods arrived on, e.g. `purchase_order` and its id (kept on the ledger row). */
  referenceType: string;
  referenceId: string;
  note?: string | undefined;
}

/**
 * Goods received into a location, inside the caller's transaction (e.g. a purchase order's delivery): a
 * `receipt` movement in the ledger, the audit row and `inventory.adjusted` (delta > 0), which also lets the
 * sourcing handler allocate waiting backorders. The caller has checked the SKU and location exist.
 */
export async function receiveStockInTx(tx: Db, ctx: Ctx, input: ReceiptInput): Promise<LevelJson & { movementId: number }> {
  const at = ctx.clock.now();
  const { level, movement } = await applyMovement(tx, {
    sku: input.sku,
    locationCode: input.locationCode,
    delta: input.quantity,
    reason: 'receipt',
    referenceType: input.referenceType,
    referenceId: input.referenceId,
    note: input.note,
    actor: actorLabel(ctx.actor),
    at,
  });
  const after = toLevelJson(level);
  const id = levelId(level.sku, level.locationCode);
  await recordAudit(tx, { ...ctx, at }, {
    action: 'inventory.received',
    entityType: 'inventory_level',
    entityId: id,
    before: { onHand: level.onHand - input.quantity, reserved: level.reserved },
    after: { ...after, referenceType: input.referenceType, referenceId: input.referenceId },
  });
  await enqueueEvents(tx, { ...ctx, at }, [
    newEvent(inventoryAdjusted, id, { sku: level.sku, locationCode: level.locationCode, delta: input.quantity, reason: 'receipt', movementId: movement.id, onHand: after.onHand, reserved: after.reserved, available: after.available }),
  ]);
  return { ...after, movementId: movement.id };
}
