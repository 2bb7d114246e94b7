import type { Deps } from '../../platform/context.js';
import { systemActor } from '../../platform/auth/roles.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { releaseOrderForFulfillment } from './release-fulfillment.js';
import { cancelUncoveredFulfillments } from './order-cancelled.js';
import { settleOrderProgress } from './order-progress.js';

const orderIdOf = (p: Record<string, unknown>) => (typeof p.orderId === 'string' ? p.orderId : null);

/**
 * Releases orders to the warehouses when they become fulfillable (placed with stock, confirmed after
 * payment, allocated by sourcing, hold released); idempotent because release only covers what no
 * active fulfillment order holds yet.
 */
export const fulfillmentReleaseHandler = (deps: Deps): EventHandler => ({
  name: 'fulfillment.release',
  types: ['order.placed', 'order.confirmed', 'order.allocated', 'order.hold_released'],
  async handle(tx, event) {
    const orderId = orderIdOf(event.payload);
    if (!orderId) return;
    await releaseOrderForFulfillment(tx, { ...deps, db: tx, actor: systemActor }, orderId);
  },
});

/** Cancels fulfillment orders whose stock the cancel flow released (whole order or some lines). */
export const fulfillmentCancelHandler = (deps: Deps): EventHandler => ({
  name: 'fulfillment.order_cancelled',
  types: ['order.cancelled', 'order.lines_cancelled'],
  async handle(tx, event) {
    const orderId = orderIdOf(event.payload);
    if (!orderId) return;
    await cancelUncoveredFulfillments(tx, { ...deps, db: tx, actor: systemActor }, orderId, `order ${event.type === 'order.cancelled' ? 'cancelled' : 'lines cancelled'}`);
  },
});

/** A released hold lets a partially shipped order whose rest was cancelled meanwhile move on to shipped. */
export const fulfillmentProgressHandler = (deps: Deps): EventHandler => ({
  name: 'fulfillment.order_progress',
  types: ['order.hold_released'],
  async handle(tx, event) {
    const orderId = orderIdOf(event.payload);
    if (!orderId) return;
    await settleOrderProgress(tx, { ...deps, db: tx, actor: systemActor }, orderId, event.occurredAt);
  },
});

export const fulfillmentHandlers = (deps: Deps): EventHandler[] => [fulfillmentReleaseHandler(deps), fulfillmentCancelHandler(deps), fulfillmentProgressHandler(deps)];
