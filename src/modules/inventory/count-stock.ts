import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { AppError } from '../../platform/errors.js';
import { inventoryLevels } from '../../platform/db/schema/index.js';
import { planCount, type CountDelta } from '../../domain/inventory.js';
import { applyMovement } from './inventory.ledger.js';
import { requireLocation, requireSkus } from './inventory.repository.js';
import type { CountInput, Keyed } from './inventory.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { inventoryCounted } from './inventory.events.js';

export interface CountResult {
  id: string;
  locationCode: string;
  /** One entry per counted sku; `movementId` is null when the count matched (delta 0). */
  applied: Array<CountDelta & { movementId: number | null }>;
}

/**
 * Records a physical count at one location: each counted sku gets a `count` movement of
 * counted − on hand. The levels are locked (in sku order) while the deltas are decided, so a
 * concurrent movement cannot slip between reading and writing. A count below the reserved
 * quantity is refused as a whole (409) listing the skus.
 */
export async function countStock(ctx: Ctx, input: Keyed<CountInput>) {
  const { idempotencyKey, ...request } = input;
  await requireLocation(ctx.db, request.locationCode);
  await requireSkus(ctx.db, request.counts.map((c) => c.sku), (i) => `counts.${i}.sku`);
  const at = ctx.clock.now();
  const countId = ctx.newId();
  return runIdempotent<CountResult>(ctx, { key: idempotencyKey, route: 'POST /inventory/counts', request }, async (tx) => {
    const l = inventoryLevels;
    const rows = await tx
      .select()
      .from(l)
      .where(and(eq(l.locationCode, request.locationCode), inArray(l.sku, request.counts.map((c) => c.sku))))
      .orderBy(asc(l.sku))
      .for('update');
    const plan = planCount(new Map(rows.map((r) => [r.sku, r])), request.counts);
    if (plan.belowReserved.length > 0) {
      const skus = plan.belowReserved.map((b) => b.sku);
      throw new AppError('insufficient_stock', `Counted quantity is below the reserved quantity for ${skus.join(', ')} at ${request.locationCode}`, {
        locationCode: request.locationCode,
        skus,
        errors: plan.belowReserved.map((b) => ({ path: `counts.${b.index}.countedQuantity`, message: `is below the ${b.reserved} reserved units of ${b.sku}` })),
      });
    }
    const movementIds = new Map<string, number>();
    for (const d of [...plan.deltas].sort((a, b) => (a.sku < b.sku ? -1 : 1))) {
      if (d.delta === 0) continue;
      const { movement } = await applyMovement(tx, {
        sku: d.sku,
        locationCode: request.locationCode,
        delta: d.delta,
        reason: 'count',
        referenceType: 'count',
        referenceId: countId,
        note: request.note,
        actor: actorLabel(ctx.actor),
        at,
      });
      movementIds.set(d.sku, movement.id);
    }
    const body: CountResult = { id: countId, locationCode: request.locationCode, applied: plan.deltas.map((d) => ({ ...d, movementId: movementIds.get(d.sku) ?? null })) };
    await recordAudit(tx, { ...ctx, at }, {
      action: 'inventory.counted',
      entityType: 'inventory_count',
      entityId: countId,
      before: plan.deltas.map((d) => ({ sku: d.sku, onHand: d.previousOnHand })),
      after: body,
    });
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(inventoryCounted, countId, { countId, locationCode: request.locationCode, deltas: plan.deltas.filter((d) => d.delta !== 0).map((d) => ({ sku: d.sku, delta: d.delta })) }),
    ]);
    return { status: 201, body };
  });
}
