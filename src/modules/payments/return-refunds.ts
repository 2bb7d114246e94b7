import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { spread } from '../../domain/payments/order-value.js';
import { loadPayments, refundable } from './payments.repository.js';
import { executeOrderOperations, reserveOperation, settleInProcessInTx } from './payment-operations.js';
import { settlesInProcess } from './payment-gateways.js';

/**
 * Reserves refunds of `amount` to an order's original payments (latest payment first, each up to
 * what it captured and has not refunded), in the caller's transaction; `executeReturnRefunds` runs
 * them at the gateway after the commit. Cash is handed back at the till: its refund is recorded in
 * the caller's transaction, complete. Returns what was reserved and what no payment could take.
 */
export async function reserveReturnRefund(tx: Db, ctx: Ctx & { at: Date }, input: { orderId: string; amount: bigint; reason: string }): Promise<{ reserved: bigint; left: bigint; operations: string[] }> {
  if (input.amount <= 0n) return { reserved: 0n, left: 0n, operations: [] };
  const list = await loadPayments(tx, input.orderId, { lock: true });
  const { parts, left } = spread(input.amount, [...list].reverse().map((p) => ({ id: p.id, free: refundable(p) })));
  const operations: string[] = [];
  for (const part of parts) {
    const p = list.find((x) => x.id === part.id)!;
    const op = { kind: 'refund' as const, amount: part.amount, reason: input.reason, source: 'return' };
    operations.push(settlesInProcess(p.provider) ? await settleInProcessInTx(tx, ctx, p, op) : await reserveOperation(tx, ctx, p, op));
  }
  return { reserved: input.amount - left, left, operations };
}

/** Runs the reserved operations of an order at the gateways (no transaction open; safe to repeat). */
export const executeReturnRefunds = (ctx: Ctx, orderId: string) => executeOrderOperations(ctx, orderId);
