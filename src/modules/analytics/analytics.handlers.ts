import type { Deps } from '../../platform/context.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { eventHandler } from '../../platform/events/define.js';
import { orderCancelled, orderLinesCancelled, orderPlaced } from '../orders/index.js';
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
];
