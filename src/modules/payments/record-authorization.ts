import { and, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { orderHolds, paymentTransactions, payments } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents, type NewEvent } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { holdJson, insertHold, loadOrder, releaseHolds, writeStatus } from '../orders/index.js';
import { capturable, loadPayments, paymentTransition, statusAfter, type PaymentRow } from './payments.repository.js';
import { reserveOperation } from './payment-operations.js';
import type { AuthorizeResult } from './providers/provider.js';
import type { z } from 'zod';
import { newEvent, type EventDefinition } from '../../platform/events/define.js';
import { paymentActionRequired, paymentAuthorized, paymentFailed } from './payments.events.js';
import { orderConfirmed, orderHoldPlaced, orderHoldReleased } from '../orders/index.js';

/** Adds an event of the order to this use case's batch (typed by its definition). */
type Ev = <D extends EventDefinition>(def: D, payload: z.input<D['payload']>) => void;

type OrderRow = Awaited<ReturnType<typeof loadOrder>>['order'];

/**
 * Records a gateway's authorization answer for a payment, inside `tx` (the caller locked the order
 * and then the payment). Authorized → `payment.authorized`; when the order's payments now cover its
 * total, a `placed` order becomes `confirmed` (`order.confirmed`), payment holds are released, and on
 * capture-at-placement channels captures are reserved. Declined or failed → `payment.failed` and a
 * payment hold. Returns the operations to run at the gateway after commit.
 */
export async function applyAuthorization(
  tx: Db,
  ctx: Ctx & { at: Date },
  order: OrderRow,
  p: PaymentRow,
  result: AuthorizeResult,
  opts: { idempotencyKey: string; source: string },
): Promise<string[]> {
  const at = ctx.at;
  const status = result.outcome === 'authorized' ? 'authorized' : result.outcome === 'requires_action' ? 'requires_action' : 'failed';
  const inserted = await tx
    .insert(paymentTransactions)
    .values({
      id: ctx.newId(),
      paymentId: p.id,
      kind: 'authorization',
      status: status === 'authorized' ? 'succeeded' : status === 'requires_action' ? 'requires_action' : 'failed',
      amount: result.outcome === 'authorized' ? result.authorizedAmount : p.amount,
      currency: p.currency,
      idempotencyKey: opts.idempotencyKey,
      providerReference: result.providerReference,
      providerResponse: result.raw,
      reason: result.failureCode ?? null,
      source: opts.source,
      createdAt: at,
    })
    .onConflictDoNothing()
    .returning({ id: paymentTransactions.id });
  if (inserted.length === 0) return []; // this answer was recorded already
  const authorized = result.outcome === 'authorized' ? (result.authorizedAmount < p.amount ? result.authorizedAmount : p.amount) : 0n;
  const [after] = await tx
    .update(payments)
    .set({
      status: paymentTransition(p, status),
      authorizedAmount: authorized,
      providerReference: result.providerReference ?? p.providerReference,
      failureCode: status === 'authorized' ? null : (result.failureCode ?? null),
      failureMessage: status === 'authorized' ? null : (result.failureMessage ?? null),
      avs: result.avs ?? p.avs,
      cvv: result.cvv ?? p.cvv,
      fingerprint: result.fingerprint ?? p.fingerprint,
      updatedAt: at,
    })
    .where(eq(payments.id, p.id))
    .returning();
  const amount = moneyJson({ amount: p.amount, currency: p.currency });
  const events: NewEvent[] = [];
  const ev: Ev = (def, payload) => events.push(newEvent(def, order.id, payload));
  const ops: string[] = [];
  if (status === 'authorized') {
    ev(paymentAuthorized, {
      orderId: order.id,
      paymentId: p.id,
      provider: p.provider,
      amount: moneyJson({ amount: authorized, currency: p.currency }),
      ...(result.fingerprint ? { fingerprint: result.fingerprint } : {}),
      ...(result.avs ? { avs: result.avs } : {}),
      ...(result.cvv ? { cvv: result.cvv } : {}),
    });
    ops.push(...(await afterAuthorized(tx, ctx, order, ev)));
  } else if (status === 'requires_action') {
    ev(paymentActionRequired, { orderId: order.id, paymentId: p.id, provider: p.provider, amount, providerReference: result.providerReference });
  } else {
    ev(paymentFailed, { orderId: order.id, paymentId: p.id, provider: p.provider, amount, code: result.failureCode ?? null, message: result.failureMessage ?? null });
    if (order.status === 'placed') await placePaymentHold(tx, ctx, order, `Payment ${p.seq} ${result.failureCode ?? 'failed'}`, ev);
  }
  await enqueueEvents(tx, ctx, events);
  await recordAudit(tx, ctx, { action: `payment.${status}`, entityType: 'payment', entityId: p.id, before: { status: p.status }, after: { status: after!.status, failureCode: after!.failureCode } });
  return ops;
}

/** Confirms a placed order once its live payments cover the total; voids money taken for a cancelled order. */
async function afterAuthorized(tx: Db, ctx: Ctx & { at: Date }, order: OrderRow, ev: Ev): Promise<string[]> {
  const list = await loadPayments(tx, order.id);
  const ops: string[] = [];
  if (order.status === 'cancelled') {
    for (const p of list) if (capturable(p) > 0n) ops.push(await reserveOperation(tx, ctx, p, { kind: 'void', amount: capturable(p), final: p.capturedAmount === 0n, reason: 'order cancelled before authorization', source: 'authorization' }));
    return ops;
  }
  const live = list.filter((p) => p.status !== 'failed' && p.status !== 'voided');
  const covered = live.reduce((s, p) => s + p.authorizedAmount, 0n);
  if (order.status !== 'placed' || live.some((p) => p.authorizedAmount === 0n) || covered < order.totalAmount) return ops;
  await writeStatus(tx, { orderId: order.id, from: 'placed', to: 'confirmed', reason: 'payment authorized', actor: actorLabel(ctx.actor), at: ctx.at });
  const released = await releaseHolds(tx, { orderId: order.id, type: 'payment' }, { at: ctx.at, by: actorLabel(ctx.actor), reason: 'payment authorized' });
  for (const h of released) ev(orderHoldReleased, { orderId: order.id, number: order.number, hold: holdJson(h) });
  ev(orderConfirmed, { orderId: order.id });
  if (ctx.payments?.settings.captureAtPlacementChannels.includes(order.channel)) {
    for (const p of live) {
      if (capturable(p) > 0n) ops.push(await reserveOperation(tx, ctx, p, { kind: 'capture', amount: capturable(p), final: true, reason: `capture at placement (channel ${order.channel})`, source: 'placement' }));
    }
  }
  return ops;
}

async function placePaymentHold(tx: Db, ctx: Ctx & { at: Date }, order: OrderRow, reason: string, ev: Ev) {
  const [active] = await tx
    .select({ id: orderHolds.id })
    .from(orderHolds)
    .where(and(eq(orderHolds.orderId, order.id), eq(orderHolds.type, 'payment'), isNull(orderHolds.releasedAt)));
  if (active) return;
  const hold = await insertHold(tx, { id: ctx.newId(), orderId: order.id, type: 'payment', reason, owner: actorLabel(ctx.actor), placedAt: ctx.at });
  ev(orderHoldPlaced, { orderId: order.id, number: order.number, hold: holdJson(hold) });
}

