import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { paymentOperations, paymentTransactions, payments, type GatewayProviderName, type PaymentProviderName } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { loadPayments, type PaymentRow } from './payments.repository.js';
import { reserveCancellationSettlement } from './settle-order-payments.js';
import { paymentAuthorized } from './payments.events.js';
import type { AuthorizeResult } from './providers/provider.js';

/**
 * The payment side of an order edit before picking (src/flows/edit-order.ts). A higher order value is
 * covered by an additional authorization of the difference on the order's last authorized payment
 * method — asked at the gateway before the edit's transaction, with an idempotency key derived from
 * the edit's Idempotency-Key, so a retry gets the same authorization — and recorded as a new payment
 * inside the edit's transaction. A lower value is settled like a cancellation: the uncaptured
 * authorization above what is owed is voided, captured money above it refunded (reserved in the
 * transaction, run at the gateway after commit).
 */

export interface EditPaymentFacts {
  /** The order has payments at all (orders paid outside Ordo have none: nothing to adjust). */
  any: boolean;
  /** A payment is still being authorized (pending or awaiting customer action): no edit meanwhile. */
  inProgress: boolean;
  /** Money the live payments still cover: authorized − voided − refunded (pending operations included). */
  covered: bigint;
  /** The payment whose method an additional authorization uses: the last authorized one at a gateway. */
  method: { provider: GatewayProviderName; paymentMethod: string } | null;
}

const coveredBy = (p: PaymentRow) => p.authorizedAmount - p.voidedAmount - p.pendingVoidAmount - p.refundedAmount - p.pendingRefundAmount;

export async function editPaymentFacts(db: Db, orderId: string): Promise<EditPaymentFacts> {
  const list = await loadPayments(db, orderId);
  const live = list.filter((p) => p.authorizedAmount > 0n);
  // Cash was counted at a till: an edit cannot take more of it, only a gateway can.
  const last = live.filter((p): p is PaymentRow & { provider: GatewayProviderName } => p.provider !== 'cash').at(-1);
  return {
    any: list.length > 0,
    inProgress: list.some((p) => p.status === 'pending' || p.status === 'requires_action'),
    covered: live.reduce((s, p) => s + coveredBy(p), 0n),
    method: last ? { provider: last.provider, paymentMethod: last.paymentMethod } : null,
  };
}

/** An authorization the gateway granted for an edit, not yet recorded (recordEditAuthorization). */
export interface EditAuthorization {
  paymentId: string;
  provider: PaymentProviderName;
  paymentMethod: string;
  amount: bigint;
  currency: string;
  idempotencyKey: string;
  result: AuthorizeResult;
}

/** A stable UUID from a text: the same edit retried names the same payment at the gateway. */
function stableUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex').split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/**
 * Asks the gateway to authorize `amount` more on the order's last authorized payment method — with no
 * transaction open. Declined, failed or needing customer action → 422 `payment_declined`, and the
 * caller writes nothing; an unreachable gateway → 503.
 */
export async function authorizeEditAmount(ctx: Ctx, input: { orderId: string; amount: bigint; currency: string; editKey: string; method: { provider: PaymentProviderName; paymentMethod: string } }): Promise<EditAuthorization> {
  const paymentId = stableUuid(`order-edit:${input.orderId}:${input.editKey}`);
  const idempotencyKey = `ordo-edit-auth-${paymentId}`;
  let result: AuthorizeResult;
  try {
    result = await ctx.payments!.provider(input.method.provider).authorize({
      amount: input.amount,
      currency: input.currency,
      paymentMethod: input.method.paymentMethod,
      idempotencyKey,
      metadata: { orderId: input.orderId, paymentId },
    });
  } catch {
    throw new AppError('unavailable', 'The payment gateway could not be reached; the order was not changed, retry with the same Idempotency-Key');
  }
  if (result.outcome !== 'authorized' || result.authorizedAmount < input.amount) {
    throw new AppError('payment_declined', `The additional authorization of ${input.amount} minor units was not granted (${result.failureCode ?? result.outcome}); the order was not changed`, {
      reason: 'additional_authorization_declined',
      gatewayCode: result.failureCode ?? result.outcome,
      amount: moneyJson({ amount: input.amount, currency: input.currency }),
    });
  }
  return { paymentId, ...input.method, amount: input.amount, currency: input.currency, idempotencyKey, result };
}

/** Records a granted edit authorization as a new authorized payment of the order, inside the edit's transaction. */
export async function recordEditAuthorization(tx: Db, ctx: Ctx & { at: Date }, orderId: string, a: EditAuthorization): Promise<void> {
  const list = await loadPayments(tx, orderId, { lock: true });
  const seq = list.reduce((m, p) => Math.max(m, p.seq), 0) + 1;
  await tx.insert(payments).values({
    id: a.paymentId,
    orderId,
    seq,
    provider: a.provider,
    paymentMethod: a.paymentMethod,
    providerReference: a.result.providerReference,
    currency: a.currency,
    amount: a.amount,
    authorizedAmount: a.amount,
    status: 'authorized',
    attempts: 1,
    createdAt: ctx.at,
    updatedAt: ctx.at,
  });
  await tx.insert(paymentTransactions).values({
    id: ctx.newId(),
    paymentId: a.paymentId,
    kind: 'authorization',
    status: 'succeeded',
    amount: a.amount,
    currency: a.currency,
    idempotencyKey: a.idempotencyKey,
    providerReference: a.result.providerReference,
    providerResponse: a.result.raw,
    reason: 'order edit',
    source: 'edit',
    createdAt: ctx.at,
  });
  await enqueueEvents(tx, ctx, [newEvent(paymentAuthorized, orderId, { orderId, paymentId: a.paymentId, provider: a.provider, amount: moneyJson({ amount: a.amount, currency: a.currency }) })]);
  await recordAudit(tx, ctx, { action: 'payment.authorized', entityType: 'payment', entityId: a.paymentId, after: { orderId, seq, source: 'edit', amount: a.amount.toString() } });
}

/** Releases an edit authorization whose edit was then refused (stock, a concurrent edit): best effort, logged by the caller. */
export async function voidEditAuthorization(ctx: Ctx, a: EditAuthorization): Promise<void> {
  await ctx.payments!.provider(a.provider).void({
    providerReference: a.result.providerReference ?? '',
    amount: a.amount,
    currency: a.currency,
    idempotencyKey: `${a.idempotencyKey}-void`,
    final: true,
    reason: 'order edit refused',
  });
}

/**
 * After an edit lowered what the order is worth: void the uncaptured authorization above it, refund
 * captured money above it (reserved now; executeOrderOperations runs them after commit).
 */
export async function settleEditedOrder(tx: Db, ctx: Ctx & { at: Date }, orderId: string, reason: string): Promise<{ voided: bigint; refunded: bigint }> {
  const ids = await reserveCancellationSettlement(tx, ctx, orderId, reason, 'edit');
  if (ids.length === 0) return { voided: 0n, refunded: 0n };
  const ops = await tx.select({ kind: paymentOperations.kind, amount: paymentOperations.amount }).from(paymentOperations).where(inArray(paymentOperations.id, ids));
  const sum = (k: string) => ops.filter((o) => o.kind === k).reduce((s, o) => s + o.amount, 0n);
  return { voided: sum('void'), refunded: sum('refund') };
}
