import type { Ctx } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import type { returnConditions, returnDispositions } from '../platform/db/schema/index.js';
import { validation, type FieldError } from '../platform/errors.js';
import { enqueueEvents } from '../platform/outbox/outbox.js';
import { newEvent } from '../platform/events/define.js';
import { actorLabel } from '../platform/auth/roles.js';
import { moneyJson } from '../platform/http/schemas.js';
import { isValidGtin } from '../domain/gtin.js';
import { applyMovement, requireLocation } from '../modules/inventory/index.js';
import { findProductByGtin, findProductsBySkus } from '../modules/catalog/index.js';
import { loadOrder, recordReturnedUnits } from '../modules/orders/index.js';
import { executeReturnRefunds, reserveReturnRefund } from '../modules/payments/index.js';
import { addStoreCredit, recordReturnReceipt, getReturnJson, loadReturn, moveReturnInTx, returnCompleted, returnReceived, type ReturnJson } from '../modules/returns/index.js';

type Condition = (typeof returnConditions)[number];
type Disposition = (typeof returnDispositions)[number];

export interface ReceiveReturnInput {
  returnId: string;
  locationCode: string;
  /** Every item scanned at the station: its code (GTIN or SKU), how many, the grade and what happens to it. */
  items: Array<{ code: string; quantity: number; condition: Condition; disposition: Disposition }>;
}

export interface ReceiveReturnResult {
  return: ReturnJson;
  unexpected: Array<{ code: string; sku: string | null; quantity: number }>;
  refunded: { amount: number; currency: string };
  credited: { amount: number; currency: string };
}

/** Share of a line's value for `part` of its `whole` units (all units: the exact value). */
const share = (value: bigint, part: number, whole: number) => (part >= whole ? value : (value * BigInt(part)) / BigInt(whole));

/**
 * Receives a return at a location in ONE transaction: each scanned item is matched to a line of the
 * return by GTIN (check digit verified) or SKU; matched units are graded and disposed (restock: back
 * into sellable stock; scrap and return-to-vendor: in and out of the ledger as return + write-off;
 * refurbish and quarantine: recorded, kept out of sellable stock); units beyond what the return
 * holds, or matching no line, are recorded as unexpected and earn nothing. The order line's returned
 * units go up (≤ delivered), the return moves received → inspected → completed, and the accepted
 * value minus restocking fees is refunded to the original payments (reserved here, run at the
 * gateway after the commit) or credited to the customer's store credit. An exchange (its replacement
 * placed at approval) completes too; the accepted value beyond the replacement's value is refunded.
 */
export async function receiveReturn(ctx: Ctx, input: ReceiveReturnInput): Promise<ReceiveReturnResult> {
  const errors: FieldError[] = [];
  input.items.forEach((it, i) => {
    if (/^\d+$/.test(it.code) && !isValidGtin(it.code)) errors.push({ path: `items.${i}.code`, message: 'is not a valid GTIN (check digit)' });
  });
  if (errors.length) throw validation(errors);
  const out = await ctx.db.transaction((tx) => receiveReturnInTx(tx, ctx, input));
  return afterReceipt(ctx, out);
}

/** What the receiving transaction decided; refunds reserved at a gateway still run after the commit. */
export interface ReceiptOutcome {
  returnId: string;
  orderId: string;
  currency: string;
  unexpected: ReceiveReturnResult['unexpected'];
  refunded: bigint;
  credited: bigint;
}

/** After the commit: runs the refunds reserved at the gateways (cash was settled in the transaction) and answers. */
export async function afterReceipt(ctx: Ctx, out: ReceiptOutcome): Promise<ReceiveReturnResult> {
  if (out.refunded > 0n) await executeReturnRefunds(ctx, out.orderId);
  return {
    return: await getReturnJson(ctx.db, out.returnId),
    unexpected: out.unexpected,
    refunded: moneyJson({ amount: out.refunded, currency: out.currency }),
    credited: moneyJson({ amount: out.credited, currency: out.currency }),
  };
}

/** The receiving itself, in the caller's transaction (the store counter creates, approves and receives in one). */
export async function receiveReturnInTx(tx: Db, ctx: Ctx, input: ReceiveReturnInput): Promise<ReceiptOutcome> {
  const at = ctx.clock.now();
  const actor = actorLabel(ctx.actor);
  await requireLocation(tx, input.locationCode);
  const { ret, lines } = await loadReturn(tx, input.returnId, { lock: true });
  await moveReturnInTx(tx, ctx, { returnId: ret.id, to: 'received', reason: `received at ${input.locationCode}` });
  const products = await findProductsBySkus(tx, lines.map((l) => l.sku));
  const accepted = new Map<string, number>();
  const unexpected: ReceiveReturnResult['unexpected'] = [];
  const received: Array<{ code: string; sku: string | null; quantity: number; condition: string; disposition: string; expected: boolean }> = [];
  for (const it of input.items) {
    const line = lines.find((l) => l.sku === it.code || (products.get(l.sku)?.gtin ?? null) === it.code);
    const room = line ? line.quantity - (accepted.get(line.id) ?? 0) : 0;
    const ok = Math.min(room, it.quantity);
    const extra = it.quantity - ok;
    if (line && ok > 0) {
      accepted.set(line.id, (accepted.get(line.id) ?? 0) + ok);
      await recordReturnReceipt(tx, { id: ctx.newId(), returnId: ret.id, returnLineId: line.id, code: it.code, sku: line.sku, quantity: ok, condition: it.condition, disposition: it.disposition, locationCode: input.locationCode, actor, at });
      const ref = { referenceType: 'return', referenceId: ret.id, actor, at, sku: line.sku, locationCode: input.locationCode };
      if (it.disposition === 'restock') await applyMovement(tx, { ...ref, delta: ok, reason: 'return', note: `return ${ret.number}: ${it.condition}, restocked` });
      if (it.disposition === 'scrap' || it.disposition === 'return_to_vendor') {
        await applyMovement(tx, { ...ref, delta: ok, reason: 'return', note: `return ${ret.number}: ${it.condition}` });
        await applyMovement(tx, { ...ref, delta: -ok, reason: 'write-off', note: `return ${ret.number}: ${it.disposition === 'scrap' ? 'scrapped' : 'returned to vendor'}` });
      }
      received.push({ code: it.code, sku: line.sku, quantity: ok, condition: it.condition, disposition: it.disposition, expected: true });
    }
    if (extra > 0) {
      const sku = line?.sku ?? (await findProductByGtin(tx, it.code))?.sku ?? null;
      await recordReturnReceipt(tx, { id: ctx.newId(), returnId: ret.id, returnLineId: null, code: it.code, sku, quantity: extra, condition: it.condition, disposition: 'quarantine', locationCode: input.locationCode, actor, at });
      unexpected.push({ code: it.code, sku, quantity: extra });
      received.push({ code: it.code, sku, quantity: extra, condition: it.condition, disposition: 'quarantine', expected: false });
    }
  }
  for (const l of lines) {
    const q = accepted.get(l.id) ?? 0;
    if (q > 0) await recordReturnedUnits(tx, { orderLineId: l.orderLineId, quantity: q });
  }
  await enqueueEvents(tx, { ...ctx, at }, [newEvent(returnReceived, ret.id, { returnId: ret.id, number: ret.number, orderId: ret.orderId, locationCode: input.locationCode, items: received })]);
  await moveReturnInTx(tx, ctx, { returnId: ret.id, to: 'inspected', reason: unexpected.length ? `${unexpected.reduce((s, u) => s + u.quantity, 0)} unexpected unit(s) recorded` : undefined });

  let value = 0n;
  let fee = 0n;
  for (const l of lines) {
    const q = accepted.get(l.id) ?? 0;
    value += share(l.valueAmount, q, l.quantity);
    fee += share(l.restockingFeeAmount, q, l.quantity);
  }
  const due = value - fee;
  let refunded = 0n;
  let credited = 0n;
  let left = 0n;
  {
    if (ret.resolution === 'exchange') {
      // The replacement was paid with the returned units' value (its discount): what the accepted
      // units are worth beyond the replacement goes back to the original payments.
      const over = due - (ret.exchangeValueAmount ?? due);
      if (over > 0n) {
        const r = await reserveReturnRefund(tx, { ...ctx, at }, { orderId: ret.orderId, amount: over, reason: `exchange ${ret.number}: difference` });
        refunded = r.reserved;
        left = r.left;
      }
    } else if (ret.resolution === 'refund') {
      const r = await reserveReturnRefund(tx, { ...ctx, at }, { orderId: ret.orderId, amount: due, reason: `return ${ret.number}` });
      refunded = r.reserved;
      left = r.left;
    } else {
      const { order } = await loadOrder(tx, ret.orderId);
      await addStoreCredit(tx, { customerId: order.customerId, currency: ret.currency, amount: due, reason: `return ${ret.number}`, returnId: ret.id, orderId: ret.orderId, actor, at });
      credited = due;
    }
    const settled = { refund: 'refunded', store_credit: 'credited', exchange: refunded > 0n ? 'exchanged; difference refunded' : 'exchanged' }[ret.resolution];
    await moveReturnInTx(tx, ctx, { returnId: ret.id, to: 'completed', reason: settled });
    const m = (amount: bigint) => moneyJson({ amount, currency: ret.currency });
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(returnCompleted, ret.id, { returnId: ret.id, number: ret.number, orderId: ret.orderId, resolution: ret.resolution, value: m(value), restockingFee: m(fee), refunded: m(refunded), credited: m(credited), notRefundable: m(left) }),
    ]);
  }
  return { returnId: ret.id, unexpected, refunded, credited, currency: ret.currency, orderId: ret.orderId };
}
