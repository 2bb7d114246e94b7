import type { Deps } from '../../platform/context.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { refreshOrderFacts } from './sales-facts.js';

/** Order events that change what an order contributes to the sales reports. */
export const salesFactEvents = ['order.placed', 'order.cancelled', 'order.lines_cancelled', 'order.lines_added', 'order.updated'] as const;

/** Keeps the sales roll-up current: the order's fact is recomputed from the order itself (exact, idempotent). */
export const analyticsHandlers = (deps: Deps): EventHandler[] => [
  {
    name: 'analytics.sales_facts',
    types: salesFactEvents,
    handle: async (tx, event) => {
      if (event.aggregateType !== 'order') return;
      await refreshOrderFacts(tx, [event.aggregateId], deps.timeZone ?? 'UTC');
    },
  },
];
