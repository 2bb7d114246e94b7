import { validateTransitionTable } from '../orders/order-states.js';

/**
 * The purchase order lifecycle as data. A draft is edited and sent to the supplier; goods arrive in one or
 * several deliveries (partially_received until every line is in). Only drafts and sent orders with nothing
 * received yet can be cancelled; a partly delivered order is closed by receiving the rest.
 */
export const purchaseOrderStatuses = ['draft', 'sent', 'partially_received', 'received', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

export const initialPurchaseOrderStatus: PurchaseOrderStatus = 'draft';
export const terminalPurchaseOrderStatuses: readonly PurchaseOrderStatus[] = ['received', 'cancelled'];

export const purchaseOrderTransitions: Readonly<Record<PurchaseOrderStatus, readonly PurchaseOrderStatus[]>> = {
  draft: ['sent', 'cancelled'],
  sent: ['partially_received', 'received', 'cancelled'],
  partially_received: ['partially_received', 'received'],
  received: [],
  cancelled: [],
};

export const canPurchaseOrderTransition = (from: PurchaseOrderStatus, to: PurchaseOrderStatus): boolean => purchaseOrderTransitions[from].includes(to);

/** Statuses whose outstanding quantities are on their way (count as incoming stock). */
export const incomingStatuses: readonly PurchaseOrderStatus[] = ['sent', 'partially_received'];

/** The status after a delivery: received when every line is complete, else partially_received. */
export function statusAfterReceipt(lines: ReadonlyArray<{ ordered: number; received: number }>): PurchaseOrderStatus {
  return lines.every((l) => l.received >= l.ordered) ? 'received' : 'partially_received';
}

const problems = validateTransitionTable(purchaseOrderStatuses, initialPurchaseOrderStatus, purchaseOrderTransitions, terminalPurchaseOrderStatuses);
if (problems.length) throw new Error(`Invalid purchase order transition table: ${problems.join('; ')}`);
