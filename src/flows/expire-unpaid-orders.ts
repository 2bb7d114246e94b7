import { and, eq, exists, lte, sql } from 'drizzle-orm';
import type { Deps } from '../platform/context.js';
import { orders, payments } from '../platform/db/schema/index.js';
import { systemActor } from '../platform/auth/roles.js';
import { AppError } from '../platform/errors.js';
import { retryStaleOperations } from '../modules/payments/index.js';
import { cancelOrder } from './cancel-order.js';

/**
 * The payments sweep (run periodically by the server): orders placed with payments that are still
 * not authorized `retryMinutes` after placement are cancelled, which releases their reservations
 * (and emits order.cancelled, so any late authorization is voided). Gateway operations left pending
 * by a crash or an outage are run again with their original idempotency keys.
 */
export async function expireUnpaidOrders(deps: Deps): Promise<{ cancelled: number; retried: number }> {
  const now = deps.clock.now();
  const minutes = deps.payments?.settings.retryMinutes ?? 30;
  const cutoff = new Date(now.getTime() - minutes * 60_000);
  const due = await deps.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'placed'), lte(orders.placedAt, cutoff), exists(deps.db.select({ one: sql`1` }).from(payments).where(eq(payments.orderId, orders.id)))))
    .limit(200);
  let cancelled = 0;
  for (const o of due) {
    try {
      await cancelOrder({ ...deps, actor: systemActor }, { orderId: o.id, reason: `payment not authorized within ${minutes} minutes` });
      cancelled++;
    } catch (e) {
      // Confirmed or cancelled meanwhile (a retry won the race): nothing to do.
      if (!(e instanceof AppError)) throw e;
    }
  }
  const retried = await retryStaleOperations(deps, new Date(now.getTime() - 60_000));
  return { cancelled, retried };
}
