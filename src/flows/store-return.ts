import type { Ctx } from '../platform/context.js';
import type { returnConditions } from '../platform/db/schema/index.js';
import type { returnReasons } from '../domain/returns/return-policy.js';
import { requireStore } from '../modules/locations/index.js';
import { createReturnInTx, moveReturnInTx } from '../modules/returns/index.js';
import { receiveReturn, type ReceiveReturnResult } from './receive-return.js';

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
 * A return at the store counter, with the returns module's own steps: the return is created
 * (resolution refund; the order's return eligibility and policy apply) and approved by the clerk in
 * one transaction, then received at the store by the receiving flow: sellable units are restocked
 * into the store's stock ('return' ledger movements), others quarantined, and the accepted value is
 * refunded to the original payment (at the gateway, after the commit). A failure after the approval
 * leaves an approved return that the receiving station can finish.
 */
export async function storeReturn(ctx: Ctx, input: StoreReturnInput): Promise<ReceiveReturnResult> {
  const store = await requireStore(ctx.db, input.locationCode);
  const approved = await ctx.db.transaction(async (tx) => {
    const lines = input.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity, reason: l.reason }));
    const created = await createReturnInTx(tx, ctx, { orderId: input.orderId, resolution: 'refund', lines, ...(input.note ? { note: input.note } : {}) }, 'api');
    return moveReturnInTx(tx, ctx, { returnId: created.id, to: 'approved', reason: `accepted at the counter of ${store.code}`, decision: true });
  });
  const conditionOf = new Map(input.lines.map((l) => [l.orderLineId, l.condition]));
  const items = approved.lines.map((l) => {
    const condition = conditionOf.get(l.orderLineId) ?? 'used';
    return { code: l.sku, quantity: l.quantity, condition, disposition: sellable.has(condition) ? ('restock' as const) : ('quarantine' as const) };
  });
  return receiveReturn(ctx, { returnId: approved.id, locationCode: store.code, items });
}
