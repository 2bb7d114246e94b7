import type { Ctx } from '../platform/context.js';
import type { returnConditions } from '../platform/db/schema/index.js';
import type { returnReasons } from '../domain/returns/return-policy.js';
import { requireStore } from '../modules/locations/index.js';
import { createReturnInTx, moveReturnInTx } from '../modules/returns/index.js';
import { afterReceipt, receiveReturnInTx, type ReceiveReturnResult } from './receive-return.js';

export interface StoreReturnInput {
  /** The store where the customer brings the goods back. */
  locationCode: string;
  orderId: string;
  lines: Array<{ orderLineId: string; quantity: number; reason: (typeof returnReasons)[number]; condition: (typeof returnConditions)[number] }>;
  note?: string | undefined;
}

/** Conditions the clerk can put back on the store's shelf; anything else is kept aside for inspection. */
const sellable = new Set(['new', 'like_new']);

/**
 * A return at the store counter, in ONE transaction with the returns module's own steps: the return
 * is created (resolution refund; the order's return eligibility and policy apply), approved by the
 * clerk and received at the store by the receiving flow — sellable units restocked into the store's
 * stock ('return' ledger movements), others quarantined — and its accepted value refunded to the
 * original payments: cash handed back at the till is recorded in that transaction; a card refund is
 * reserved in it and run at the gateway after the commit (a crash in between leaves the reserved
 * refund to the payments sweep). A failure anywhere before the commit leaves nothing written.
 */
export async function storeReturn(ctx: Ctx, input: StoreReturnInput): Promise<ReceiveReturnResult> {
  const store = await requireStore(ctx.db, input.locationCode);
  const conditionOf = new Map(input.lines.map((l) => [l.orderLineId, l.condition]));
  const out = await ctx.db.transaction(async (tx) => {
    const lines = input.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity, reason: l.reason }));
    const created = await createReturnInTx(tx, ctx, { orderId: input.orderId, resolution: 'refund', lines, ...(input.note ? { note: input.note } : {}) }, 'api');
    const approved = await moveReturnInTx(tx, ctx, { returnId: created.id, to: 'approved', reason: `accepted at the counter of ${store.code}`, decision: true });
    const items = approved.lines.map((l) => {
      const condition = conditionOf.get(l.orderLineId) ?? 'used';
      return { code: l.sku, quantity: l.quantity, condition, disposition: sellable.has(condition) ? ('restock' as const) : ('quarantine' as const) };
    });
    return receiveReturnInTx(tx, ctx, { returnId: approved.id, locationCode: store.code, items });
  });
  return afterReceipt(ctx, out);
}
