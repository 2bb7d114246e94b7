import type { Deps } from '../../platform/context.js';
import { systemActor } from '../../platform/auth/roles.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { releaseOrderForFulfillment, releaseOrdersForFulfillment } from './release-fulfillment.js';
import { cancelUncoveredFulfillments } from './order-cancelled.js';
import { settleOrderProgress } from './order-progress.js';
import { eventHandler } from '../../platform/events/define.js';
import { orderAllocated, orderCancelled, orderConfirmed, orderHoldReleased, orderLinesCancelled, orderPlaced } from '../orders/index.js';

/**
 * Releases orders to the warehouses when they become fulfillable (placed with stock, confirmed after
 * payment, allocated by sourcing, hold released); idempotent because release only covers what no
 * active fulfillment order holds yet.
 */
export const fulfillmentReleaseHandler = (deps: Deps): EventHandler =>
  eventHandler({
    name: 'fulfillment.release',
    events: [orderPlaced, orderConfirmed, orderAllocated, orderHoldReleased],
    async handle(tx, event) {
      await releaseOrderForFulfillment(tx, { ...deps, db: tx, actor: systemActor }, event.payload.orderId);
    },
    // A claimed batch of orders released with the same dozen statements as one.
    async handleBatch(tx, events) {
      await releaseOrdersForFulfillment(tx, { ...deps, db: tx, actor: systemActor }, events.map((e) => e.payload.orderId));
    },
  });

/** Cancels fulfillment orders whose stock the cancel flow released (whole order or some lines). */
export const fulfillmentCancelHandler = (deps: Deps): EventHandler =>
  eventHandler({
    name: 'fulfillment.order_cancelled',
    events: [orderCancelled, orderLinesCancelled],
    async handle(tx, event) {
      const why = `order ${event.type === 'order.cancelled' ? 'cancelled' : 'lines cancelled'}`;
      await cancelUncoveredFulfillments(tx, { ...deps, db: tx, actor: systemActor }, event.payload.orderId, why);
    },
  });

/** A released hold lets a partially shipped order whose rest was cancelled meanwhile move on to shipped. */
export const fulfillmentProgressHandler = (deps: Deps): EventHandler =>
  eventHandler({
    name: 'fulfillment.order_progress',
    events: [orderHoldReleased],
    async handle(tx, event) {
      await settleOrderProgress(tx, { ...deps, db: tx, actor: systemActor }, event.payload.orderId, event.occurredAt);
    },
  });

export const fulfillmentHandlers = (deps: Deps): EventHandler[] => [fulfillmentReleaseHandler(deps), fulfillmentCancelHandler(deps), fulfillmentProgressHandler(deps)];
