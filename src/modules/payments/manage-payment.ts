import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { paymentOperations, payments } from '../../platform/db/schema/index.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { recordAudit } from '../../platform/audit.js';
import type { MoneyJson } from '../../platform/http/schemas.js';
import { netLineTotals, refundLineValue } from '../../domain/payments/order-value.js';
import { loadOrder } from '../orders/index.js';
import { capturable, loadPayment, loadTransactions, paymentJson } from './payments.repository.js';
import { executeOperation, reserveOperation, type OperationKind } from './payment-operations.js';
import type { PaymentJson } from './payments.schemas.js';
import { orderValueFacts, type LoadedOrder } from './order-facts.js';

export interface ManageInput {
  orderId: string;
  paymentId: string;
  kind: OperationKind;
  amount?: MoneyJson | undefined;
  lines?: Array<{ lineId: string; quantity: number }> | undefined;
  reason?: string | undefined;
  idempotencyKey?: string | undefined;
}

/**
 * Capture, void or refund one payment by hand (API / console). Three steps, so no transaction is
 * open during the gateway call: (1) under the order's and payment's row locks, check the limit and
 * reserve the amount (with Idempotency-Key: the reservation is stored with the key, so a retry finds
 * it instead of reserving twice); (2) call the gateway with the operation id as its idempotency key;
 * (3) record the result. A gateway refusal answers 422 after it is recorded.
 */
export async function managePayment(ctx: Ctx, input: ManageInput): Promise<PaymentJson> {
  const request = { orderId: input.orderId, paymentId: input.paymentId, amount: input.amount, lines: input.lines, reason: input.reason };
  const reserved = await runIdempotent(ctx, { key: input.idempotencyKey, route: `POST /orders/:id/payments/:paymentId/${input.kind}`, request }, async (tx) => {
    const at = ctx.clock.now();
    const { order, lines } = await loadOrder(tx, input.orderId, { lock: true });
    const p = await loadPayment(tx, input.orderId, input.paymentId, { lock: true });
    if (input.amount && input.amount.currency !== p.currency) {
      throw new AppError('validation_failed', `The amount must be in ${p.currency}`, { errors: [{ path: 'amount.currency', message: `must be ${p.currency}, the payment currency` }] });
    }
    let amount: bigint;
    let final = false;
    if (input.kind === 'refund') {
      amount = input.lines ? await linesValue(tx, { order, lines }, input.lines) : BigInt(input.amount!.amount);
    } else if (input.kind === 'void') {
      amount = capturable(p);
      final = p.capturedAmount === 0n && p.pendingCaptureAmount === 0n;
      if (amount <= 0n) throw new AppError('conflict', `Payment ${p.seq} has no uncaptured authorization left to void`);
    } else {
      amount = input.amount ? BigInt(input.amount.amount) : capturable(p);
      if (amount <= 0n && !input.amount) throw new AppError('conflict', `Payment ${p.seq} has nothing left to capture`);
      final = amount === capturable(p);
    }
    const opId = await reserveOperation(tx, { ...ctx, at }, p, { kind: input.kind, amount, final, reason: input.reason ?? null, lines: input.lines ?? null, source: 'api' });
    await recordAudit(tx, { ...ctx, at }, { action: `payment.${input.kind}_requested`, entityType: 'payment', entityId: p.id, after: { operationId: opId, amount: amount.toString(), reason: input.reason ?? null } });
    return { status: 200, body: { opId } };
  });
  await executeOperation(ctx, reserved.body.opId);
  const [op] = await ctx.db.select().from(paymentOperations).where(eq(paymentOperations.id, reserved.body.opId));
  const p = await loadPayment(ctx.db, input.orderId, input.paymentId);
  const json = paymentJson(p, await loadTransactions(ctx.db, [p.id]));
  if (op?.status === 'failed') {
    const failed = json.transactions.filter((t) => t.status === 'failed').at(-1);
    throw new AppError('business_rule', `The gateway refused the ${input.kind} of payment ${p.seq}`, { payment: json, transactionId: failed?.id ?? null });
  }
  return json;
}

/** Value of refunding these line quantities: the top units of each line's value (exact over repeats). */
async function linesValue(
  tx: Db,
  o: LoadedOrder,
  wanted: Array<{ lineId: string; quantity: number }>,
): Promise<bigint> {
  const net = netLineTotals(orderValueFacts(o));
  const ids = (await tx.select({ id: payments.id }).from(payments).where(eq(payments.orderId, o.order.id))).map((r) => r.id);
  const earlier = await tx
    .select({ lines: paymentOperations.lines })
    .from(paymentOperations)
    .where(and(inArray(paymentOperations.paymentId, ids), eq(paymentOperations.kind, 'refund'), inArray(paymentOperations.status, ['pending', 'succeeded'])));
  const refunded = new Map<string, number>();
  for (const e of earlier) for (const l of e.lines ?? []) refunded.set(l.lineId, (refunded.get(l.lineId) ?? 0) + l.quantity);
  const errors: FieldError[] = [];
  let total = 0n;
  wanted.forEach((w, i) => {
    const line = o.lines.find((l) => l.id === w.lineId);
    if (!line) return errors.push({ path: `lines.${i}.lineId`, message: 'is not a line of this order' });
    const kept = line.quantityOrdered - line.quantityCancelled;
    const done = refunded.get(line.id) ?? 0;
    if (w.quantity > kept - done) return errors.push({ path: `lines.${i}.quantity`, message: `at most ${Math.max(0, kept - done)} of line ${line.lineNo} can still be refunded` });
    total += refundLineValue(net.get(line.id)!, line.quantityOrdered, line.quantityCancelled + done, w.quantity);
    refunded.set(line.id, done + w.quantity);
  });
  if (errors.length) throw new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });
  return total;
}
