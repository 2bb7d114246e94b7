import { eq } from 'drizzle-orm';
import type { TestApp } from '../support/app.js';
import { orderLines } from '../../src/platform/db/schema/index.js';
import { releaseLineAllocation } from '../../src/modules/inventory/reservations.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { newEvent } from '../../src/platform/events/define.js';
import { fulfillmentRejected, fulfillmentShortPicked } from '../../src/modules/fulfillment/index.js';

/**
 * What the fulfillment branch does on a location rejection or short pick (team contract): in one
 * transaction release the reservation at that location, move the quantity allocated → backordered,
 * and emit `fulfillment.rejected` / `fulfillment.short_picked`.
 */
export async function simulateFulfillmentException(
  t: TestApp,
  kind: 'fulfillment.rejected' | 'fulfillment.short_picked',
  o: { orderId: string; locationCode: string; reason: string; lines: Array<{ orderLineId: string; sku: string; quantity: number }> },
): Promise<void> {
  const at = t.deps.clock.now();
  await t.database.db.transaction(async (tx) => {
    for (const l of o.lines) {
      await releaseLineAllocation(tx, { orderLineId: l.orderLineId, quantity: l.quantity, at, locationCode: o.locationCode });
      const [row] = await tx.select().from(orderLines).where(eq(orderLines.id, l.orderLineId)).for('update');
      await tx
        .update(orderLines)
        .set({ quantityAllocated: row!.quantityAllocated - l.quantity, quantityBackordered: row!.quantityBackordered + l.quantity })
        .where(eq(orderLines.id, l.orderLineId));
    }
    await enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at }, [
      newEvent(kind === 'fulfillment.rejected' ? fulfillmentRejected : fulfillmentShortPicked, t.deps.newId(), { ...o, fulfillmentOrderId: t.deps.newId() }),
    ]);
  });
}
