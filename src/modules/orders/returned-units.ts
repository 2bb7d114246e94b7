import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orderLines } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';

/**
 * The only writer of `quantity_returned`: adds returned units to a line with one conditional UPDATE
 * that keeps returned ≤ delivered (409 otherwise).
 */
export async function recordReturnedUnits(tx: Db, input: { orderLineId: string; quantity: number }): Promise<void> {
  if (!Number.isInteger(input.quantity) || input.quantity <= 0) throw new RangeError('returned quantity must be a positive integer');
  const [row] = await tx
    .update(orderLines)
    .set({ quantityReturned: sql`${orderLines.quantityReturned} + ${input.quantity}` })
    .where(and(eq(orderLines.id, input.orderLineId), sql`${orderLines.quantityReturned} + ${input.quantity} <= ${orderLines.quantityDelivered}`))
    .returning({ id: orderLines.id });
  if (!row) throw new AppError('conflict', `Order line ${input.orderLineId} cannot have ${input.quantity} more units returned than were delivered`);
}
