import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { paymentTransactions, payments } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { canPaymentTransition, orderPaymentStatus, paymentStatus, type PaymentStatus } from '../../domain/payments/payment-status.js';
import type { OrderPaymentsJson, PaymentJson } from './payments.schemas.js';

export type PaymentRow = typeof payments.$inferSelect;
export type TransactionRow = typeof paymentTransactions.$inferSelect;

export const amountsOf = (p: PaymentRow) => ({
  amount: p.amount,
  authorized: p.authorizedAmount,
  captured: p.capturedAmount,
  refunded: p.refundedAmount,
  voided: p.voidedAmount,
});

/** Free to capture: authorized minus captured, voided and what operations in flight hold. */
export const capturable = (p: PaymentRow) => p.authorizedAmount - p.capturedAmount - p.voidedAmount - p.pendingCaptureAmount - p.pendingVoidAmount;
export const refundable = (p: PaymentRow) => p.capturedAmount - p.refundedAmount - p.pendingRefundAmount;

/**
 * The payments module's transition function: every write of a payment's status passes the status it
 * goes to through here, which checks the state table (domain/payments/payment-status.ts) and refuses
 * a step it does not allow (409 illegal_transition) before anything is written.
 */
export function paymentTransition(p: Pick<PaymentRow, 'status' | 'seq'>, to: PaymentStatus): PaymentStatus {
  if (!canPaymentTransition(p.status, to)) throw new AppError('illegal_transition', `Payment ${p.seq} cannot go from ${p.status} to ${to}`);
  return to;
}

/** Status after a change of amounts; gateway states (pending, requires_action, failed) stay until authorized. */
export function statusAfter(p: PaymentRow): PaymentStatus {
  const gw = p.status === 'pending' || p.status === 'requires_action' || p.status === 'failed' ? p.status : 'authorized';
  return paymentStatus(amountsOf(p), gw);
}

export function paymentJson(p: PaymentRow, txs: TransactionRow[]): PaymentJson {
  const m = (amount: bigint) => moneyJson({ amount, currency: p.currency });
  return {
    id: p.id,
    orderId: p.orderId,
    seq: p.seq,
    provider: p.provider,
    paymentMethod: p.paymentMethod,
    providerReference: p.providerReference,
    status: p.status,
    amount: m(p.amount),
    authorized: m(p.authorizedAmount),
    captured: m(p.capturedAmount),
    refunded: m(p.refundedAmount),
    voided: m(p.voidedAmount),
    capturable: m(capturable(p) > 0n ? capturable(p) : 0n),
    refundable: m(refundable(p) > 0n ? refundable(p) : 0n),
    pending: { capture: m(p.pendingCaptureAmount), refund: m(p.pendingRefundAmount), void: m(p.pendingVoidAmount) },
    failure: p.failureCode || p.failureMessage ? { code: p.failureCode, message: p.failureMessage } : null,
    avs: p.avs,
    cvv: p.cvv,
    fingerprint: p.fingerprint,
    tendered: p.tenderedAmount === null ? null : m(p.tenderedAmount),
    change: p.tenderedAmount === null ? null : m(p.tenderedAmount - p.amount),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    transactions: txs
      .filter((t) => t.paymentId === p.id)
      .map((t) => ({
        id: t.id,
        kind: t.kind,
        status: t.status,
        amount: moneyJson({ amount: t.amount, currency: t.currency }),
        providerReference: t.providerReference,
        reason: t.reason,
        lines: t.lines ?? null,
        source: t.source,
        createdAt: t.createdAt.toISOString(),
      })),
  };
}

/** The payments of an order in sequence; `lock` takes them FOR UPDATE (in seq order: no deadlocks). */
export async function loadPayments(db: Db, orderId: string, opts: { lock?: boolean } = {}): Promise<PaymentRow[]> {
  const q = db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(asc(payments.seq));
  return opts.lock ? q.for('update') : q;
}

export async function loadPayment(db: Db, orderId: string, paymentId: string, opts: { lock?: boolean } = {}): Promise<PaymentRow> {
  const q = db.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.orderId, orderId)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound('Payment', paymentId);
  return row;
}

export async function loadTransactions(db: Db, paymentIds: string[]): Promise<TransactionRow[]> {
  if (paymentIds.length === 0) return [];
  return db.select().from(paymentTransactions).where(inArray(paymentTransactions.paymentId, paymentIds)).orderBy(asc(paymentTransactions.position));
}

export async function orderPaymentsJson(db: Db, order: { id: string; currency: string; totalAmount: bigint }): Promise<OrderPaymentsJson> {
  const list = await loadPayments(db, order.id);
  const txs = await loadTransactions(db, list.map((p) => p.id));
  return {
    orderId: order.id,
    status: orderPaymentStatus(list.map((p) => ({ ...amountsOf(p), status: p.status }))),
    total: moneyJson({ amount: order.totalAmount, currency: order.currency }),
    items: list.map((p) => paymentJson(p, txs)),
  };
}
