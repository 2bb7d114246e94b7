import type { Deps } from '../../platform/context.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { eventHandler } from '../../platform/events/define.js';
import { orderCancelled, orderLinesCancelled, orderPlaced } from '../orders/index.js';
import { customerMerged, customerMergeUndone } from '../customers/index.js';
import { returnReceived } from '../returns/returns.events.js';
import { fulfillmentCancelled, fulfillmentCreated, fulfillmentRejected } from '../fulfillment/index.js';
import { refreshOrderFacts, refreshOrderLocations } from './sales-facts.js';

/**
 * Keep the sales roll-up current: an order's facts (its own and its returns') are recomputed from the order and
 * its returns (exact, idempotent), so it does not matter which event arrives first or how often.
 */
export const analyticsHandlers = (deps: Deps): EventHandler[] => {
  const timeZone = deps.timeZone ?? 'UTC';
  return [
    // Order events that change what an order contributes to the sales reports.
    eventHandler({
      name: 'analytics.sales_facts',
      events: [orderPlaced, orderCancelled, orderLinesCancelled],
      handle: async (tx, event) => {
        await refreshOrderFacts(tx, [event.aggregateId], timeZone);
      },
      // A claimed batch of orders in the same few statements.
      handleBatch: async (tx, events) => {
        await refreshOrderFacts(tx, [...new Set(events.map((e) => e.aggregateId))], timeZone);
      },
    }),
    // A return's items were received back (accepted against its lines, in the same transaction as the refund or
    // credit): the order's return facts change (docs/reports.md, "Returns").
    eventHandler({
      name: 'analytics.return_facts',
      events: [returnReceived],
      handle: async (tx, event) => {
        await refreshOrderFacts(tx, [event.payload.orderId], timeZone);
      },
      handleBatch: async (tx, events) => {
        await refreshOrderFacts(tx, [...new Set(events.map((e) => e.payload.orderId))], timeZone);
      },
    }),
    // An order's fulfilling location (the location its facts are filed under) is set when a fulfillment order is
    // created and may move when one is rejected or cancelled (docs/reports.md, "Location").
    eventHandler({
      name: 'analytics.sales_location',
      events: [fulfillmentCreated, fulfillmentRejected, fulfillmentCancelled],
      // Only the location moves: the facts are refiled (two statements), not recomputed.
      handle: async (tx, event) => {
        await refreshOrderLocations(tx, [event.payload.orderId], timeZone);
      },
      handleBatch: async (tx, events) => {
        await refreshOrderLocations(tx, [...new Set(events.map((e) => e.payload.orderId))], timeZone);
      },
    }),
    // A customer merge (or its undo) moved orders to another customer: their facts carry the customer the
    // top-customers report groups by, so they are recomputed from the orders as they now stand.
    eventHandler({
      name: 'analytics.customer_merges',
      events: [customerMerged, customerMergeUndone],
      handle: async (tx, event) => {
        await refreshOrderFacts(tx, event.payload.moved.orders, timeZone);
      },
    }),
  ];
};
