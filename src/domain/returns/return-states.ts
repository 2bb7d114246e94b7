import { validateTransitionTable } from '../orders/order-states.js';

/**
 * The return (RMA) lifecycle as data. A return may skip the label (the customer ships it
 * themselves or brings it to a store), so `approved` leads to `in_transit` and `received` too.
 */
export const returnStatuses = [
  'requested',
  'approved',
  'rejected',
  'label_issued',
  'in_transit',
  'received',
  'inspected',
  'completed',
  'cancelled',
] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

export const initialReturnStatus: ReturnStatus = 'requested';
export const terminalReturnStatuses: readonly ReturnStatus[] = ['rejected', 'completed', 'cancelled'];

export const returnTransitions: Readonly<Record<ReturnStatus, readonly ReturnStatus[]>> = {
  requested: ['approved', 'rejected', 'cancelled'],
  approved: ['label_issued', 'in_transit', 'received', 'cancelled'],
  label_issued: ['in_transit', 'received', 'cancelled'],
  in_transit: ['received'],
  received: ['inspected'],
  inspected: ['completed'],
  rejected: [],
  completed: [],
  cancelled: [],
};

export const canReturnTransition = (from: ReturnStatus, to: ReturnStatus): boolean => returnTransitions[from].includes(to);
export const nextReturnStates = (from: ReturnStatus): readonly ReturnStatus[] => returnTransitions[from];

/** Statuses whose quantities count against what can still be returned (everything but refusals and cancellations). */
export const claimsQuantity = (s: ReturnStatus): boolean => s !== 'rejected' && s !== 'cancelled';

const problems = validateTransitionTable(returnStatuses, initialReturnStatus, returnTransitions, terminalReturnStatuses);
if (problems.length) throw new Error(`Invalid return transition table: ${problems.join('; ')}`);
