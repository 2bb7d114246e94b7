import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { inventoryLevels } from '../../platform/db/schema/index.js';
import { levelId, requireLocation, requireSku, toLevelJson, type LevelJson } from './inventory.repository.js';
import type { LevelPatchInput } from './inventory.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { inventoryLevelUpdated } from './inventory.events.js';

/**
 * Sets planning fields of a level (safety stock, reorder point, bin); creates the level with
 * zero stock when the sku was never stocked there, so planning can precede the first receipt.
 * Never touches on_hand or reserved.
 */
export async function updateLevel(ctx: Ctx, input: { sku: string; locationCode: string; patch: LevelPatchInput }): Promise<LevelJson> {
  const { sku, locationCode } = input;
  await requireSku(ctx.db, sku);
  await requireLocation(ctx.db, locationCode);
  const changes = Object.fromEntries(Object.entries(input.patch).filter(([, v]) => v !== undefined)) as LevelPatchInput;
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const l = inventoryLevels;
    const where = and(eq(l.sku, sku), eq(l.locationCode, locationCode));
    const [before] = await tx.select().from(l).where(where).for('update');
    const [row] = before
      ? await tx.update(l).set({ ...changes, updatedAt: at }).where(where).returning()
      : await tx
          .insert(l)
          .values({ sku, locationCode, ...changes, updatedAt: at })
          .onConflictDoUpdate({ target: [l.sku, l.locationCode], set: { ...changes, updatedAt: at } })
          .returning();
    const after = toLevelJson(row!);
    const id = levelId(sku, locationCode);
    await recordAudit(tx, { ...ctx, at }, { action: 'inventory.level_updated', entityType: 'inventory_level', entityId: id, before: before ? toLevelJson(before) : null, after });
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(inventoryLevelUpdated, id, { sku, locationCode, changes, level: after }),
    ]);
    return after;
  });
}
