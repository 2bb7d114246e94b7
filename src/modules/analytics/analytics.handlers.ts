import type { Deps } from '../../platform/context.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { eventHandler } from '../../platform/events/define.js';
import { orderCancelled, orderLinesCancelled, orderPlaced } from '../orders/index.js';
import { customerMerged, customerMergeUndone } from '../customers/index.js';
import { refreshOrderFacts } from './sales-facts.js';

/** Keeps the sales roll-up current: the order's fact is recomputed from the order itself (exact, idempotent). */
export const analyticsHandlers = (deps: Deps): EventHandler[] => [
  // Order events that change what an order contributes to the sales reports.
  eventHandler({
    name: 'analytics.sales_facts',
    events: [orderPlaced, orderCancelled, orderLinesCancelled],
    handle: async (tx, event) => {
      await refreshOrderFacts(tx, [event.aggregateId], deps.timeZone ?? 'UTC');
    },
    // A claimed batch of orders in the same four statements.
    handleBatch: async (tx, events) => {
      await refreshOrderFacts(tx, [...new Set(events.map((e) => e.aggregateId))], deps.timeZone ?? 'UTC');
    },
  }),
  // A customer merge (or its undo) moved orders to another customer: their facts carry the customer the
  // top-customers report groups by, so they are recomputed from the orders as they now stand.
  eventHandler({
    name: 'analytics.customer_merges',
    events: [customerMerged, customerMergeUndone],
    handle: async (tx, event) => {
      await refreshOrderFacts(tx, event.payload.moved.orders, deps.timeZone ?? 'UTC');
    },
  }),
];
