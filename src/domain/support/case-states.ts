import { validateTransitionTable } from '../orders/order-states.js';

/**
 * A support case's lifecycle as data. `pending` waits on the customer (the resolution clock pauses);
 * a customer reply to a pending or resolved case moves it back to `open` (a reopen). No state is
 * terminal: a resolved case can always be reopened.
 */
export const caseStatuses = ['open', 'pending', 'resolved'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const initialCaseStatus: CaseStatus = 'open';

export const caseTransitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['pending', 'resolved'],
  pending: ['open', 'resolved'],
  resolved: ['open'],
};

export const canCaseTransition = (from: CaseStatus, to: CaseStatus): boolean => caseTransitions[from].includes(to);
export const nextCaseStates = (from: CaseStatus): readonly CaseStatus[] => caseTransitions[from];

/** Where a customer message moves a case: back to `open` from pending or resolved; an open case stays open (null: no move). */
export const statusAfterCustomerMessage = (from: CaseStatus): CaseStatus | null => (from === 'open' ? null : 'open');

/** Whether the resolution clock runs in this status (it pauses while the case waits on the customer). */
export const resolutionClockRuns = (s: CaseStatus): boolean => s === 'open';

export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof casePriorities)[number];

export const caseCategories = ['order', 'delivery', 'return', 'payment', 'product', 'other'] as const;
export type CaseCategory = (typeof caseCategories)[number];

const problems = validateTransitionTable(caseStatuses, initialCaseStatus, caseTransitions, []);
if (problems.length) throw new Error(`Invalid case transition table: ${problems.join('; ')}`);
