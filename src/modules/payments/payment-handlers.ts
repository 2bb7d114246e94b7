import type { Deps } from '../../platform/context.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { systemActor } from '../../platform/auth/roles.js';
import { executeOrderOperations } from './payment-operations.js';
import { reserveCancellationSettlement, reserveShipmentCaptures } from './settle-order-payments.js';
import { eventHandler } from '../../platform/events/define.js';
import { orderCancelled, orderLinesCancelled, orderShipped } from '../orders/index.js';

/**
 * Payments follow the order: `order.shipped` captures the shipped value; `order.cancelled` and
 * `order.lines_cancelled` void or refund what is no longer owed. The handler only reserves the
 * operations (in the dispatcher's transaction, exactly once per event); `afterCommit` then runs
 * them at the gateway with no transaction open, and is safe to repeat.
 */
export function paymentLifecycleHandler(deps: Deps): EventHandler {
  return eventHandler({
    name: 'payments.lifecycle',
    events: [orderShipped, orderCancelled, orderLinesCancelled],
    async handle(tx, event) {
      const orderId = event.payload.orderId;
      const ctx = { ...deps, actor: systemActor, at: deps.clock.now() };
      if (event.type === 'order.shipped') {
        const where = event.payload.locationCode ? ` from ${event.payload.locationCode}` : '';
        await reserveShipmentCaptures(tx, ctx, orderId, `shipment${where}`);
      } else {
        await reserveCancellationSettlement(tx, ctx, orderId, event.payload.reason || 'order cancelled');
      }
    },
    async afterCommit(event) {
      await executeOrderOperations(deps, event.payload.orderId);
    },
  });
}
