import type { Ctx } from '../../platform/context.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { applyMovement, toMovementJson, type MovementJson } from './inventory.ledger.js';
import { requireLocation, requireSku, toLevelJson, type LevelJson } from './inventory.repository.js';
import type { Keyed, TransferInput } from './inventory.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { inventoryTransferred } from './inventory.events.js';

export interface TransferResult {
  id: string;
  sku: string;
  quantity: number;
  from: LevelJson;
  to: LevelJson;
  movements: MovementJson[];
}

/**
 * Moves available stock between two locations: two `transfer` movements in one transaction. The
 * source must have the quantity available after reservations and safety stock. Both levels are
 * written in location-code order so opposite transfers cannot deadlock.
 */
export async function transferStock(ctx: Ctx, input: Keyed<TransferInput>) {
  const { idempotencyKey, ...request } = input;
  await requireSku(ctx.db, request.sku);
  await requireLocation(ctx.db, request.fromLocationCode, 'fromLocationCode');
  await requireLocation(ctx.db, request.toLocationCode, 'toLocationCode');
  const at = ctx.clock.now();
  const transferId = ctx.newId();
  return runIdempotent<TransferResult>(ctx, { key: idempotencyKey, route: 'POST /inventory/transfers', request }, async (tx) => {
    const legs = [
      { locationCode: request.fromLocationCode, delta: -request.quantity, keepSafetyStock: true },
      { locationCode: request.toLocationCode, delta: request.quantity, keepSafetyStock: false },
    ].sort((a, b) => (a.locationCode < b.locationCode ? -1 : 1));
    const applied: Array<Awaited<ReturnType<typeof applyMovement>>> = [];
    for (const leg of legs) {
      applied.push(
        await applyMovement(tx, {
          sku: request.sku,
          ...leg,
          reason: 'transfer',
          referenceType: 'transfer',
          referenceId: transferId,
          note: request.note,
          actor: actorLabel(ctx.actor),
          at,
        }),
      );
    }
    const levelAt = (code: string) => toLevelJson(applied.find((a) => a.level.locationCode === code)!.level);
    const body: TransferResult = {
      id: transferId,
      sku: request.sku,
      quantity: request.quantity,
      from: levelAt(request.fromLocationCode),
      to: levelAt(request.toLocationCode),
      movements: applied.map((a) => toMovementJson(a.movement)),
    };
    await recordAudit(tx, { ...ctx, at }, { action: 'inventory.transferred', entityType: 'inventory_transfer', entityId: transferId, after: body });
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(inventoryTransferred, transferId, { transferId, sku: request.sku, quantity: request.quantity, fromLocationCode: request.fromLocationCode, toLocationCode: request.toLocationCode }),
    ]);
    return { status: 201, body };
  });
}
