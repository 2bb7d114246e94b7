import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentOrders } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import { isUuid, loadFulfillment, toFulfillmentJson, type FulfillmentJson, type LoadedFulfillment } from './fulfillment.repository.js';
import { lockOrderOf } from './fulfillment.stock.js';

/**
 * Runs one fulfillment use case in ONE transaction: locks the order, then the fulfillment order (the
 * lock order every writer follows), hands the loaded facts to `fn`, and returns the fresh JSON.
 */
export async function inFulfillmentTx<R = void>(
  ctx: Ctx,
  idOrNumber: string,
  fn: (tx: Db, f: LoadedFulfillment, at: Date) => Promise<R>,
): Promise<{ json: FulfillmentJson; result: R }> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const where = isUuid(idOrNumber) ? eq(fulfillmentOrders.id, idOrNumber) : eq(fulfillmentOrders.number, idOrNumber.toUpperCase());
    const [head] = await tx.select({ orderId: fulfillmentOrders.orderId }).from(fulfillmentOrders).where(where);
    if (!head) throw notFound('Fulfillment order', idOrNumber);
    await lockOrderOf(tx, head.orderId);
    const f = await loadFulfillment(tx, idOrNumber, { lock: true });
    const result = await fn(tx, f, at);
    return { json: toFulfillmentJson(await loadFulfillment(tx, f.fo.id)), result };
  });
}
