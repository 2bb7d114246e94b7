import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { payments } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { loadOrder } from '../orders/index.js';
import { loadPayment, loadPayments, paymentTransition } from './payments.repository.js';
import { applyAuthorization } from './record-authorization.js';
import { executeOperation } from './payment-operations.js';
import type { AuthorizeResult } from './providers/provider.js';
import type { PlacementPaymentInput } from './payments.schemas.js';

const authKey = (paymentId: string, attempt: number) => `ordo-auth-${paymentId}-${attempt}`;

/**
 * Authorizes every `pending` payment of an order at its gateway — after the transaction that wrote
 * them committed, never inside one — and records each answer in its own short transaction.
 * A gateway that cannot be reached counts as a failed attempt (the customer may retry).
 */
export async function authorizeOrderPayments(ctx: Ctx, orderId: string): Promise<void> {
  const list = (await loadPayments(ctx.db, orderId)).filter((p) => p.status === 'pending');
  for (const p of list) {
    let result: AuthorizeResult;
    try {
      result = await ctx.payments!.provider(p.provider).authorize({
        amount: p.amount,
        currency: p.currency,
        paymentMethod: p.paymentMethod,
        idempotencyKey: authKey(p.id, p.attempts),
        metadata: { orderId, paymentId: p.id },
      });
    } catch (e) {
      result = { outcome: 'failed', providerReference: null, authorizedAmount: 0n, failureCode: 'gateway_unavailable', failureMessage: 'The payment gateway could not be reached', raw: { error: e instanceof Error ? e.name : 'error' } };
    }
    const ops = await ctx.db.transaction(async (tx) => {
      const at = ctx.clock.now();
      const { order } = await loadOrder(tx, orderId, { lock: true });
      const locked = await loadPayment(tx, orderId, p.id, { lock: true });
      if (locked.status !== 'pending' || locked.attempts !== p.attempts) return []; // someone else recorded an answer
      return applyAuthorization(tx, { ...ctx, at }, order, locked, result, { idempotencyKey: `auth:${p.attempts}`, source: 'api' });
    });
    for (const op of ops) await executeOperation(ctx, op);
  }
}

/** Retries a failed payment with a new payment method (POST …/payments/{paymentId}/authorize). */
export async function retryAuthorization(ctx: Ctx, input: { orderId: string; paymentId: string; paymentMethod: string; idempotencyKey?: string | undefined }): Promise<void> {
  const { idempotencyKey, ...request } = input;
  await runIdempotent(ctx, { key: idempotencyKey, route: 'POST /orders/:id/payments/:paymentId/authorize', request }, async (tx) => {
    const at = ctx.clock.now();
    const { order } = await loadOrder(tx, input.orderId, { lock: true });
    const p = await loadPayment(tx, input.orderId, input.paymentId, { lock: true });
    if (order.status !== 'placed') throw new AppError('illegal_transition', `Order ${order.number} is ${order.status}; only a placed order's payment can be retried`);
    if (p.status !== 'failed') throw new AppError('conflict', `Payment ${p.seq} is ${p.status}; only a failed payment can be retried`);
    await tx
      .update(payments)
      .set({ status: paymentTransition(p, 'pending'), paymentMethod: input.paymentMethod, attempts: sql`${payments.attempts} + 1`, failureCode: null, failureMessage: null, updatedAt: at })
      .where(eq(payments.id, p.id));
    await recordAudit(tx, { ...ctx, at }, { action: 'payment.retried', entityType: 'payment', entityId: p.id, before: { status: p.status, attempts: p.attempts }, after: { status: 'pending', attempts: p.attempts + 1 } });
    return { status: 200, body: { paymentId: p.id } };
  });
  await authorizeOrderPayments(ctx, input.orderId);
}

/**
 * Adds a payment to a placed order (e.g. a second card after a decline). Its amount defaults to what
 * the order's live payments (not failed, not voided) leave uncovered; it may not exceed it.
 */
export async function addPayment(ctx: Ctx, input: { orderId: string; payment: PlacementPaymentInput; idempotencyKey?: string | undefined }): Promise<string> {
  const id = ctx.newId();
  const out = await runIdempotent(ctx, { key: input.idempotencyKey, route: 'POST /orders/:id/payments', request: { orderId: input.orderId, ...input.payment } }, async (tx) => {
    const at = ctx.clock.now();
    const { order } = await loadOrder(tx, input.orderId, { lock: true });
    if (order.status !== 'placed') throw new AppError('illegal_transition', `Order ${order.number} is ${order.status}; payments can be added while it is placed (awaiting payment)`);
    const list = await loadPayments(tx, order.id, { lock: true });
    const live = list.filter((p) => p.status !== 'failed' && p.status !== 'voided').reduce((s, p) => s + p.amount, 0n);
    const open = order.totalAmount - live;
    const amt = input.payment.amount;
    if (amt && amt.currency !== order.currency) throw new AppError('validation_failed', `The amount must be in ${order.currency}`, { errors: [{ path: 'amount.currency', message: `must be ${order.currency}, the order currency` }] });
    const amount = amt ? BigInt(amt.amount) : open;
    if (open <= 0n) throw new AppError('conflict', `Order ${order.number} is fully covered by its payments`);
    if (amount <= 0n || amount > open) throw new AppError('payment_limit_exceeded', `At most ${open} minor units are uncovered on order ${order.number}`, { errors: [{ path: 'amount.amount', message: `must be between 1 and ${open}` }] });
    if (!ctx.payments?.configured(input.payment.provider)) throw new AppError('validation_failed', `${input.payment.provider} is not configured`, { errors: [{ path: 'provider', message: 'is not configured on this server' }] });
    const seq = list.reduce((m, p) => Math.max(m, p.seq), 0) + 1;
    await tx.insert(payments).values({ id, orderId: order.id, seq, provider: input.payment.provider, paymentMethod: input.payment.paymentMethod, currency: order.currency, amount, status: 'pending', createdAt: at, updatedAt: at });
    await recordAudit(tx, { ...ctx, at }, { action: 'payment.added', entityType: 'payment', entityId: id, after: { orderId: order.id, seq, provider: input.payment.provider, amount: amount.toString() } });
    return { status: 201, body: { paymentId: id } };
  });
  await authorizeOrderPayments(ctx, input.orderId);
  return out.body.paymentId;
}

