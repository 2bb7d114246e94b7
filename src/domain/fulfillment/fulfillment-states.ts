import { validateTransitionTable } from '../orders/order-states.js';

/**
 * The fulfillment order lifecycle as data. A ship order ends `handed_off` (to the carrier); a store
 * pickup order ends `picked_up` by the customer. `rejected` = the location refused it (stock released
 * for re-sourcing); `cancelled` = the order was cancelled, or nothing was left to pick.
 */
export const fulfillmentStatuses = [
  'open',
  'picking',
  'picked',
  'packing',
  'packed',
  'handed_off',
  'ready_for_pickup',
  'picked_up',
  'rejected',
  'cancelled',
] as const;
export type FulfillmentStatus = (typeof fulfillmentStatuses)[number];

export const initialFulfillmentStatus: FulfillmentStatus = 'open';

export const fulfillmentTransitions: Readonly<Record<FulfillmentStatus, readonly FulfillmentStatus[]>> = {
  // open → picked_up: a POS sale handed over at the counter from the store's own shelf (no pick/pack).
  open: ['picking', 'picked_up', 'rejected', 'cancelled'],
  picking: ['picked', 'rejected', 'cancelled'],
  picked: ['packing', 'packed', 'rejected', 'cancelled'],
  packing: ['packed', 'rejected', 'cancelled'],
  packed: ['handed_off', 'ready_for_pickup', 'cancelled'],
  ready_for_pickup: ['picked_up', 'cancelled'],
  handed_off: [],
  picked_up: [],
  rejected: [],
  cancelled: [],
};

export const terminalFulfillmentStatuses: readonly FulfillmentStatus[] = ['handed_off', 'picked_up', 'rejected', 'cancelled'];

/** States in which the fulfillment order still holds its reservations (they are not consumed or released). */
export const activeFulfillmentStatuses: readonly FulfillmentStatus[] = fulfillmentStatuses.filter((s) => !terminalFulfillmentStatuses.includes(s));

export const canFulfillmentTransition = (from: FulfillmentStatus, to: FulfillmentStatus): boolean => fulfillmentTransitions[from].includes(to);
export const nextFulfillmentStates = (from: FulfillmentStatus): readonly FulfillmentStatus[] => fulfillmentTransitions[from];

const problems = validateTransitionTable(fulfillmentStatuses, initialFulfillmentStatus, fulfillmentTransitions, terminalFulfillmentStatuses);
if (problems.length) throw new Error(`Invalid fulfillment transition table: ${problems.join('; ')}`);
