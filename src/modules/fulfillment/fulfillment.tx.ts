import { and, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentOrders, orderHolds } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { isUuid } from '../../platform/ids.js';
import { loadFulfillment, toFulfillmentJson, type FulfillmentJson, type LoadedFulfillment } from './fulfillment.repository.js';
import { lockOrderOf } from './fulfillment.stock.js';

export interface Idempotency {
  key: string | undefined;
  route: string;
  request: unknown;
}

/**
 * Runs one fulfillment use case in ONE transaction: locks the order, then the fulfillment order (the
 * lock order every writer follows), hands the loaded facts to `fn`, and returns the fresh JSON. With
 * an Idempotency-Key (scans and short picks count units, so a retried request must not count twice)
 * the response is stored with the effect and replayed on retry; `result` must then be plain JSON.
 */
export async function inFulfillmentTx<R = void>(
  ctx: Ctx,
  idOrNumber: string,
  fn: (tx: Db, f: LoadedFulfillment, at: Date) => Promise<R>,
  idem?: Idempotency,
): Promise<{ json: FulfillmentJson; result: R; replayed: boolean }> {
  const at = ctx.clock.now();
  const out = await runIdempotent(ctx, { key: idem?.key, route: idem?.route ?? '', request: idem?.request ?? null }, async (tx) => {
    const where = isUuid(idOrNumber) ? eq(fulfillmentOrders.id, idOrNumber) : eq(fulfillmentOrders.number, idOrNumber.toUpperCase());
    const [head] = await tx.select({ orderId: fulfillmentOrders.orderId }).from(fulfillmentOrders).where(where);
    if (!head) throw notFound('Fulfillment order', idOrNumber);
    await lockOrderOf(tx, head.orderId);
    const f = await loadFulfillment(tx, idOrNumber, { lock: true });
    const result = await fn(tx, f, at);
    return { status: 200, body: { json: toFulfillmentJson(await loadFulfillment(tx, f.fo.id)), result } };
  });
  return { ...out.body, replayed: out.replayed };
}

/** Holds block everything that moves goods towards the customer (picking, hand-off, pickup). */
export async function requireNoActiveHold(tx: Db, f: LoadedFulfillment, doing: string): Promise<void> {
  const held = await tx.select({ type: orderHolds.type }).from(orderHolds).where(and(eq(orderHolds.orderId, f.fo.orderId), isNull(orderHolds.releasedAt)));
  if (held.length) {
    throw new AppError('order_on_hold', `Order ${f.order.number} has an active ${held.map((h) => h.type).join(', ')} hold; release it before ${doing}`, { holds: held.map((h) => h.type) });
  }
}
