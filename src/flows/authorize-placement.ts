import type { Ctx } from '../platform/context.js';
import type { Outcome } from '../platform/idempotency.js';
import { getOrderJson, loadOrder, type OrderJson } from '../modules/orders/index.js';
import { authorizeOrderPayments, orderPaymentsJson } from '../modules/payments/index.js';

/**
 * After the placement transaction committed: authorize the order's pending payments (no transaction
 * open during the gateway calls; each answer is recorded in its own transaction) and answer with the
 * order as it now stands plus its payment outcome. A replay (Idempotency-Key or a repeated channel
 * order) shows the current state too, and only authorizes payments still pending.
 */
export async function withPaymentOutcome<T extends Outcome<OrderJson> & { replayed: boolean }>(ctx: Ctx, out: T): Promise<T> {
  const { order } = await loadOrder(ctx.db, out.body.id);
  const payment = await orderPaymentsJson(ctx.db, order);
  if (payment.items.length === 0) return out;
  await authorizeOrderPayments(ctx, order.id);
  return { ...out, body: { ...(await getOrderJson(ctx.db, order.id)), payment: await orderPaymentsJson(ctx.db, order) } };
}
