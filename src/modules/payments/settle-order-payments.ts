import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { captureDue, chargeableTotal, spread } from '../../domain/payments/order-value.js';
import { loadOrder } from '../orders/index.js';
import { capturable, loadPayments, refundable } from './payments.repository.js';
import { reserveOperation } from './payment-operations.js';
import { orderValueFacts } from './order-facts.js';

const sumOf = <T>(xs: T[], f: (x: T) => bigint) => xs.reduce((s, x) => s + f(x), 0n);

/**
 * After a shipment: reserve captures so the order's captured amount reaches the value of what has
 * shipped (shipped units pro rata, shipping and tax with the first shipment, the exact remainder with
 * the last), taken from the payments in sequence. Runs in the handler's transaction; the gateway calls
 * happen after commit. Replays are harmless: what is already captured (or in flight) is not due again.
 */
export async function reserveShipmentCaptures(tx: Db, ctx: Ctx & { at: Date }, orderId: string, reason: string): Promise<string[]> {
  const loaded = await loadOrder(tx, orderId, { lock: true });
  const list = await loadPayments(tx, orderId, { lock: true });
  if (list.length === 0) return [];
  const facts = orderValueFacts(loaded);
  const due = captureDue(facts);
  const final = due >= chargeableTotal(facts);
  const taken = sumOf(list, (p) => p.capturedAmount + p.pendingCaptureAmount);
  if (due <= taken) return [];
  const { parts } = spread(due - taken, list.map((p) => ({ id: p.id, free: capturable(p) })));
  const ops: string[] = [];
  for (const part of parts) {
    const p = list.find((x) => x.id === part.id)!;
    ops.push(await reserveOperation(tx, ctx, p, { kind: 'capture', amount: part.amount, final: final && part.amount === capturable(p), reason, source: 'shipment' }));
  }
  return ops;
}

/**
 * After a cancellation (whole or some lines): what the customer still owes is the value of the units
 * not cancelled (plus shipping and tax unless nothing is left). Authorization above that is released
 * (void), captured money above it is refunded — last payment first.
 */
export async function reserveCancellationSettlement(tx: Db, ctx: Ctx & { at: Date }, orderId: string, reason: string, source = 'cancellation'): Promise<string[]> {
  const loaded = await loadOrder(tx, orderId, { lock: true });
  const list = await loadPayments(tx, orderId, { lock: true });
  if (list.length === 0) return [];
  const owed = chargeableTotal(orderValueFacts(loaded));
  const reversed = [...list].reverse();
  const ops: string[] = [];
  const committed = sumOf(list, (p) => p.capturedAmount + p.pendingCaptureAmount);
  const open = sumOf(list, (p) => p.authorizedAmount - p.voidedAmount - p.pendingVoidAmount);
  const release = open - (owed > committed ? owed : committed);
  if (release > 0n) {
    const { parts } = spread(release, reversed.map((p) => ({ id: p.id, free: capturable(p) })));
    for (const part of parts) {
      const p = list.find((x) => x.id === part.id)!;
      const whole = part.amount === capturable(p) && p.capturedAmount === 0n && p.pendingCaptureAmount === 0n;
      ops.push(await reserveOperation(tx, ctx, p, { kind: 'void', amount: part.amount, final: whole, reason, source }));
    }
  }
  const kept = sumOf(list, (p) => p.capturedAmount - p.refundedAmount - p.pendingRefundAmount);
  if (kept > owed) {
    const { parts } = spread(kept - owed, reversed.map((p) => ({ id: p.id, free: refundable(p) })));
    for (const part of parts) {
      const p = list.find((x) => x.id === part.id)!;
      ops.push(await reserveOperation(tx, ctx, p, { kind: 'refund', amount: part.amount, reason, source }));
    }
  }
  return ops;
}
