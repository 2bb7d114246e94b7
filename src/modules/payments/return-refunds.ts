import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { spread } from '../../domain/payments/order-value.js';
import { loadPayments, refundable } from './payments.repository.js';
import { executeOrderOperations, reserveOperation } from './payment-operations.js';

/**
 * Reserves refunds of `amount` to an order's original payments (latest payment first, each up to
 * what it captured and has not refunded), in the caller's transaction; `executeReturnRefunds` runs
 * them at the gateway after the commit. Returns what was reserved and what no payment could take.
 */
export async function reserveReturnRefund(tx: Db, ctx: Ctx & { at: Date }, input: { orderId: string; amount: bigint; reason: string }): Promise<{ reserved: bigint; left: bigint; operations: string[] }> {
  if (input.amount <= 0n) return { reserved: 0n, left: 0n, operations: [] };
  const list = await loadPayments(tx, input.orderId, { lock: true });
  const { parts, left } = spread(input.amount, [...list].reverse().map((p) => ({ id: p.id, free: refundable(p) })));
  const operations: string[] = [];
  for (const part of parts) {
    const p = list.find((x) => x.id === part.id)!;
    operations.push(await reserveOperation(tx, ctx, p, { kind: 'refund', amount: part.amount, reason: input.reason, source: 'return' }));
  }
  return { reserved: input.amount - left, left, operations };
}

/** Runs the reserved operations of an order at the gateways (no transaction open; safe to repeat). */
export const executeReturnRefunds = (ctx: Ctx, orderId: string) => executeOrderOperations(ctx, orderId);
