import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Ctx, Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { paymentOperations, paymentTransactions, payments } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { systemActor } from '../../platform/auth/roles.js';
import { format, money } from '../../domain/money.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { capturable, paymentTransition, refundable, statusAfter, type PaymentRow } from './payments.repository.js';
import type { OperationResult } from './providers/provider.js';
import { newEvent, type EventDefinition } from '../../platform/events/define.js';
import { paymentCaptured, paymentCaptureFailed, paymentRefunded, paymentRefundFailed, paymentVoided, paymentVoidFailed } from './payments.events.js';

export type OperationKind = 'capture' | 'void' | 'refund';
type Lines = Array<{ lineId: string; quantity: number }>;

const pendingColumn = { capture: 'pendingCaptureAmount', void: 'pendingVoidAmount', refund: 'pendingRefundAmount' } as const;
const doneColumn = { capture: 'capturedAmount', void: 'voidedAmount', refund: 'refundedAmount' } as const;

/** The most an operation of this kind may take from a locked payment now. */
export const limitFor = (p: PaymentRow, kind: OperationKind) => (kind === 'refund' ? refundable(p) : capturable(p));

/**
 * Reserves an amount for a gateway operation under the payment's row lock (the caller locked it):
 * the `pending_*` column grows in the same transaction, so concurrent requests see it and the CHECKs
 * (captured + pending ≤ authorized, refunded + pending ≤ captured) hold even while gateways answer.
 * Throws a 409 naming the limit when the amount does not fit.
 */
export async function reserveOperation(
  tx: Db,
  ctx: Pick<Ctx, 'newId'> & { at: Date },
  p: PaymentRow,
  op: { kind: OperationKind; amount: bigint; final?: boolean; reason?: string | null | undefined; lines?: Lines | null | undefined; source: string },
): Promise<string> {
  const limit = limitFor(p, op.kind);
  if (op.amount <= 0n) throw new AppError('validation_failed', 'The amount must be greater than 0', { errors: [{ path: 'amount.amount', message: 'must be greater than 0' }] });
  if (op.amount > limit) {
    const verb = op.kind === 'refund' ? 'refunded' : op.kind === 'capture' ? 'captured' : 'voided';
    const what = op.kind === 'refund' ? 'captured and not yet refunded' : 'authorized and not yet captured or voided';
    throw new AppError('payment_limit_exceeded', `At most ${format(money(limit < 0n ? 0n : limit, p.currency))} can be ${verb} on payment ${p.seq} (${what})`, {
      errors: [{ path: 'amount', message: `exceeds the limit of ${limit < 0n ? 0n : limit} minor units that can be ${verb}` }],
      limit: moneyJson({ amount: limit < 0n ? 0n : limit, currency: p.currency }),
    });
  }
  const id = ctx.newId();
  await tx.insert(paymentOperations).values({
    id,
    paymentId: p.id,
    kind: op.kind,
    amount: op.amount,
    final: op.final ?? false,
    status: 'pending',
    reason: op.reason ?? null,
    lines: op.lines ?? null,
    source: op.source,
    createdAt: ctx.at,
  });
  const col = payments[pendingColumn[op.kind]];
  await tx.update(payments).set({ [pendingColumn[op.kind]]: sql`${col} + ${op.amount}`, updatedAt: ctx.at }).where(eq(payments.id, p.id));
  return id;
}

/**
 * Runs a reserved operation at the gateway — outside any transaction — and records the outcome in a
 * second one. Safe to call twice or concurrently: the gateway call carries the operation id as its
 * idempotency key and only the first finisher writes. Transient gateway errors propagate and leave
 * the operation pending for the sweep.
 */
export async function executeOperation(deps: Deps, opId: string): Promise<void> {
  const [op] = await deps.db.select().from(paymentOperations).where(eq(paymentOperations.id, opId));
  if (!op || op.status !== 'pending') return;
  const [p] = await deps.db.select().from(payments).where(eq(payments.id, op.paymentId));
  if (!p) return;
  await finishOperation(deps, op.id, await runAtProvider(deps, p, op));
}

/** Calls the payment's provider for an operation, with the operation id as the idempotency key. */
async function runAtProvider(deps: Pick<Deps, 'payments'>, p: PaymentRow, op: { id: string; kind: OperationKind; amount: bigint; final: boolean; reason: string | null }): Promise<OperationResult> {
  const provider = deps.payments!.provider(p.provider);
  const req = { providerReference: p.providerReference ?? '', amount: op.amount, currency: p.currency, idempotencyKey: `ordo-${op.kind}-${op.id}`, final: op.final, reason: op.reason ?? undefined };
  return op.kind === 'capture' ? provider.capture(req) : op.kind === 'void' ? provider.void(req) : provider.refund(req);
}

async function finishOperation(deps: Deps, opId: string, result: OperationResult): Promise<void> {
  const at = deps.clock.now();
  await deps.db.transaction((tx) => finishOperationInTx(tx, { ...deps, actor: systemActor, at }, opId, result));
}

/** Records a gateway's (or the till's) answer to a reserved operation in the caller's transaction. */
async function finishOperationInTx(tx: Db, ctx: Ctx & { at: Date }, opId: string, result: OperationResult): Promise<void> {
  const at = ctx.at;
  const [peek] = await tx.select().from(paymentOperations).where(eq(paymentOperations.id, opId));
  if (!peek) return;
  // Lock order: payment first, then the operation (the same order reserveOperation takes).
  const [p] = await tx.select().from(payments).where(eq(payments.id, peek.paymentId)).for('update');
  const [op] = await tx.select().from(paymentOperations).where(eq(paymentOperations.id, opId)).for('update');
  if (!p || !op || op.status !== 'pending') return;
  const kind = op.kind;
  const txId = ctx.newId();
  await tx.insert(paymentTransactions).values({
    id: txId,
    paymentId: p.id,
    kind,
    status: result.ok ? 'succeeded' : 'failed',
    amount: op.amount,
    currency: p.currency,
    idempotencyKey: `op:${op.id}`,
    providerReference: result.providerReference,
    providerResponse: result.raw,
    reason: op.reason,
    lines: op.lines,
    source: op.source,
    createdAt: at,
  });
  const next: PaymentRow = {
    ...p,
    [pendingColumn[kind]]: p[pendingColumn[kind]] - op.amount,
    ...(result.ok ? { [doneColumn[kind]]: p[doneColumn[kind]] + op.amount } : {}),
  };
  const status = paymentTransition(p, statusAfter(next));
  const [after] = await tx
    .update(payments)
    .set({
      [pendingColumn[kind]]: sql`${payments[pendingColumn[kind]]} - ${op.amount}`,
      ...(result.ok ? { [doneColumn[kind]]: sql`${payments[doneColumn[kind]]} + ${op.amount}` } : {}),
      status,
      updatedAt: at,
    })
    .where(eq(payments.id, p.id))
    .returning();
  await tx.update(paymentOperations).set({ status: result.ok ? 'succeeded' : 'failed', finishedAt: at }).where(eq(paymentOperations.id, op.id));
  const event = (result.ok ? { capture: paymentCaptured, void: paymentVoided, refund: paymentRefunded } : { capture: paymentCaptureFailed, void: paymentVoidFailed, refund: paymentRefundFailed })[kind];
  const type = event.type;
  const payload = {
    orderId: p.orderId,
    paymentId: p.id,
    provider: p.provider,
    transactionId: txId,
    amount: moneyJson({ amount: op.amount, currency: p.currency }),
    ...(op.reason ? { reason: op.reason } : {}),
    ...(op.lines ? { lines: op.lines } : {}),
    ...(result.ok ? {} : { failureCode: result.failureCode ?? null, failureMessage: result.failureMessage ?? null }),
    source: op.source,
  };
  await enqueueEvents(tx, ctx, [newEvent(event as EventDefinition, p.orderId, payload)]);
  await recordAudit(tx, ctx, { action: type, entityType: 'payment', entityId: p.id, before: { status: p.status }, after: { status: after!.status, amount: payload.amount } });
}

/**
 * Reserves an operation on a payment settled in process (cash at a till) and records its outcome in
 * the same transaction: no outside call, so nothing is left in flight after the commit.
 */
export async function settleInProcessInTx(
  tx: Db,
  ctx: Ctx & { at: Date },
  p: PaymentRow,
  op: { kind: OperationKind; amount: bigint; final?: boolean; reason?: string | null | undefined; source: string },
): Promise<string> {
  const id = await reserveOperation(tx, ctx, p, op);
  const result = await runAtProvider(ctx, p, { id, kind: op.kind, amount: op.amount, final: op.final ?? false, reason: op.reason ?? null });
  await finishOperationInTx(tx, ctx, id, result);
  return id;
}


/** Runs the pending operations of one order (after the transaction that reserved them committed). */
export async function executeOrderOperations(deps: Deps, orderId: string): Promise<void> {
  const ops = await deps.db
    .select({ id: paymentOperations.id })
    .from(paymentOperations)
    .innerJoin(payments, eq(payments.id, paymentOperations.paymentId))
    .where(and(eq(payments.orderId, orderId), eq(paymentOperations.status, 'pending')))
    .orderBy(asc(paymentOperations.createdAt), asc(paymentOperations.id));
  for (const op of ops) await executeOperation(deps, op.id);
}

/** Operations left pending by a crash or a gateway outage, older than `before`: run them again. */
export async function retryStaleOperations(deps: Deps, before: Date): Promise<number> {
  const ops = await deps.db
    .select({ id: paymentOperations.id })
    .from(paymentOperations)
    .where(and(eq(paymentOperations.status, 'pending'), lte(paymentOperations.createdAt, before)))
    .orderBy(asc(paymentOperations.createdAt))
    .limit(100);
  for (const op of ops) await executeOperation(deps, op.id);
  return ops.length;
}
