import type { Ctx } from '../../platform/context.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { applyMovement, toMovementJson, type MovementJson } from './inventory.ledger.js';
import { levelId, requireLocation, requireSku, toLevelJson, type LevelJson } from './inventory.repository.js';
import type { AdjustmentInput, Keyed } from './inventory.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { inventoryAdjusted } from './inventory.events.js';

export type AdjustmentResult = LevelJson & { movement: MovementJson };

/** A person's stock correction (receipt, adjustment, write-off, return): one ledger movement. */
export async function adjustStock(ctx: Ctx, input: Keyed<AdjustmentInput>) {
  const { idempotencyKey, ...request } = input;
  await requireSku(ctx.db, request.sku);
  await requireLocation(ctx.db, request.locationCode);
  const at = ctx.clock.now();
  return runIdempotent<AdjustmentResult>(ctx, { key: idempotencyKey, route: 'POST /inventory/adjustments', request }, async (tx) => {
    const { level, movement } = await applyMovement(tx, {
      sku: request.sku,
      locationCode: request.locationCode,
      delta: request.delta,
      reason: request.reason,
      note: request.note,
      actor: actorLabel(ctx.actor),
      at,
    });
    const after = toLevelJson(level);
    const id = levelId(level.sku, level.locationCode);
    await recordAudit(tx, { ...ctx, at }, {
      action: 'inventory.adjusted',
      entityType: 'inventory_level',
      entityId: id,
      before: { onHand: level.onHand - request.delta, reserved: level.reserved },
      after,
    });
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(inventoryAdjusted, id, { sku: level.sku, locationCode: level.locationCode, delta: request.delta, reason: request.reason, movementId: movement.id, onHand: after.onHand, reserved: after.reserved, available: after.available }),
    ]);
    return { status: 201, body: { ...after, movement: toMovementJson(movement) } };
  });
}
