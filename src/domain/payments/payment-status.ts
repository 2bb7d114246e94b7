import { validateTransitionTable } from '../orders/order-states.js';

/** Amounts of one payment in minor units (bigint), as stored. */
export interface PaymentAmounts {
  amount: bigint;
  authorized: bigint;
  captured: bigint;
  refunded: bigint;
  voided: bigint;
}

export type PaymentState = 'pending' | 'requires_action' | 'failed';

export const paymentStatuses = ['pending', 'requires_action', 'authorized', 'partially_captured', 'captured', 'partially_refunded', 'refunded', 'voided', 'failed'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const orderPaymentStatuses = ['unpaid', 'authorized', 'partially_captured', 'captured', 'partially_refunded', 'refunded', 'failed'] as const;
export type OrderPaymentStatus = (typeof orderPaymentStatuses)[number];

/**
 * The status of one payment from its amounts. Before authorization the stored gateway state
 * (pending, requires_action, failed) is the status; after it, amounts decide.
 * @example paymentStatus({ amount: 100n, authorized: 100n, captured: 40n, refunded: 0n, voided: 0n }) // 'partially_captured'
 */
export function paymentStatus(a: PaymentAmounts, gatewayState: PaymentState | 'authorized' = 'authorized'): PaymentStatus {
  if (a.authorized === 0n) return gatewayState === 'authorized' ? 'pending' : gatewayState;
  if (a.refunded > 0n) return a.refunded >= a.captured ? 'refunded' : 'partially_refunded';
  if (a.captured > 0n) return a.captured >= a.authorized - a.voided ? 'captured' : 'partially_captured';
  if (a.voided >= a.authorized) return 'voided';
  return 'authorized';
}

/**
 * The payment status of an order, derived from its payments (never stored twice):
 * unpaid · authorized · partially_captured · captured · partially_refunded · refunded · failed.
 * Failed attempts count only while nothing else is authorized.
 */
export function orderPaymentStatus(list: Array<PaymentAmounts & { status: PaymentStatus }>): OrderPaymentStatus {
  const live = list.filter((p) => p.authorized > 0n);
  if (live.length === 0) return list.some((p) => p.status === 'failed') && !list.some((p) => p.status === 'pending' || p.status === 'requires_action') ? 'failed' : 'unpaid';
  const open = live.reduce((s, p) => s + p.authorized - p.voided, 0n);
  const captured = live.reduce((s, p) => s + p.captured, 0n);
  const refunded = live.reduce((s, p) => s + p.refunded, 0n);
  if (refunded > 0n) return refunded >= captured ? 'refunded' : 'partially_refunded';
  if (captured > 0n) return captured >= open ? 'captured' : 'partially_captured';
  if (open === 0n) return 'unpaid';
  return 'authorized';
}

/**
 * The payment lifecycle as data: the gateway states before authorization (a failed one may be retried),
 * then amounts only move forward (captures, then refunds; a void ends an uncaptured authorization).
 * Staying in a status (an amount changes within it) is not a transition.
 */
export const paymentTransitions: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['requires_action', 'authorized', 'failed'],
  requires_action: ['pending', 'authorized', 'failed'],
  failed: ['pending'],
  authorized: ['partially_captured', 'captured', 'voided'],
  partially_captured: ['captured', 'partially_refunded', 'refunded'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  refunded: [],
  voided: [],
};

export const canPaymentTransition = (from: PaymentStatus, to: PaymentStatus): boolean => from === to || paymentTransitions[from].includes(to);

const problems = validateTransitionTable(paymentStatuses, 'pending', paymentTransitions, ['refunded', 'voided']);
if (problems.length) throw new Error(`Invalid payment transition table: ${problems.join('; ')}`);
