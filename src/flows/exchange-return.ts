import { createHash } from 'node:crypto';
import type { Ctx } from '../platform/context.js';
import { AppError, validation } from '../platform/errors.js';
import { enqueueEvents } from '../platform/outbox/outbox.js';
import { newEvent } from '../platform/events/define.js';
import { moneyJson } from '../platform/http/schemas.js';
import { canReturnTransition, nextReturnStates, type ReturnStatus } from '../domain/returns/return-states.js';
import { findProductsBySkus } from '../modules/catalog/index.js';
import { getOrderJson } from '../modules/orders/index.js';
import { attachExchangeOrder, decideReturn, getReturnJson, loadReturn, moveReturnInTx, returnExchangePlaced, type ReturnJson } from '../modules/returns/index.js';
import type { OrderPaymentsJson, PlacementPaymentInput } from '../modules/payments/index.js';
import { placeOrder } from './place-order.js';
import { cancelOrder } from './cancel-order.js';

export interface ApproveReturnInput {
  returnId: string;
  reason?: string | undefined;
  /** Exchanges only: how the customer pays when the replacement costs more than the returned units. */
  payment?: Omit<PlacementPaymentInput, 'amount'> | undefined;
}

/**
 * Approves a return. A refund or store-credit return only moves to `approved`. An exchange first places
 * the replacement order (channel `exchange`, external id = the return number, so a retried approval
 * finds the same order): the replacement SKUs at catalog price, the returned units' value (minus
 * restocking fees) as the order's discount, the customer's payment for a positive difference, the
 * original order's address and delivery method. Placing it reserves the replacement stock (409 and
 * nothing approved when there is none). A declined payment cancels the replacement order (its stock
 * released) and answers 422 payment_declined. A negative difference is refunded when the return is received.
 */
export async function approveReturn(ctx: Ctx, input: ApproveReturnInput): Promise<ReturnJson> {
  const { ret, lines } = await loadReturn(ctx.db, input.returnId);
  if (ret.resolution !== 'exchange') {
    if (input.payment) throw validation([{ path: 'payment', message: 'is only for exchanges (this return is resolved by ' + ret.resolution + ')' }]);
    return decideReturn(ctx, { returnId: ret.id, to: 'approved', reason: input.reason });
  }
  const from = ret.status as ReturnStatus;
  if (!canReturnTransition(from, 'approved')) {
    throw new AppError('illegal_transition', `Return ${ret.number} cannot go from ${from} to approved; allowed: ${nextReturnStates(from).join(', ') || 'none'}`, { from, to: 'approved', allowed: nextReturnStates(from) });
  }
  if (ret.heldForReview) throw new AppError('conflict', `Return ${ret.number} is held for fraud review (score ${ret.fraudScore}): release the review before approving`, { fraud: { score: ret.fraudScore, signals: ret.fraudSignals } });

  const skus = lines.map((l) => l.exchangeSku ?? l.sku);
  const products = await findProductsBySkus(ctx.db, skus);
  let value = 0n;
  for (const l of lines) {
    const p = products.get(l.exchangeSku ?? l.sku);
    if (!p || !p.active || p.currency !== ret.currency) throw new AppError('business_rule', `The replacement ${l.exchangeSku ?? l.sku} of return ${ret.number} can no longer be sold in ${ret.currency}`);
    value += p.priceAmount * BigInt(l.quantity);
  }
  const credit = lines.reduce((s, l) => s + l.valueAmount - l.restockingFeeAmount, 0n);
  const difference = value - credit;
  if (difference > 0n && !input.payment) {
    throw validation([{ path: 'payment', message: `is required: the replacement costs ${difference} (minor units, ${ret.currency}) more than the returned units are worth` }]);
  }
  if (difference <= 0n && input.payment) throw validation([{ path: 'payment', message: 'is not needed: the returned units cover the replacement' }]);

  const order = await getOrderJson(ctx.db, ret.orderId);
  const m = (amount: bigint) => ({ amount: Number(amount), currency: ret.currency });
  const placed = await placeOrder(ctx, {
    channel: 'exchange',
    // A retry of the approval finds the same replacement order; another payment method places a new one.
    externalId: input.payment ? `${ret.number}/${createHash('sha256').update(JSON.stringify(input.payment)).digest('hex').slice(0, 12)}` : ret.number,
    customer: { email: order.customer.email ?? '', name: order.customer.name },
    shippingAddress: order.shippingAddress as never,
    ...(order.billingAddress ? { billingAddress: order.billingAddress as never } : {}),
    currency: ret.currency,
    lines: lines.map((l) => ({ sku: l.exchangeSku ?? l.sku, quantity: l.quantity })),
    discount: m(difference > 0n ? credit : value),
    inventoryPolicy: 'reject',
    delivery: order.delivery,
    note: `Exchange for return ${ret.number} of order ${order.number}`,
    ...(difference > 0n ? { payments: [{ ...input.payment!, amount: m(difference) }] } : {}),
  });
  const replacement = placed.body as typeof placed.body & { payment?: OrderPaymentsJson };
  if (difference > 0n && replacement.payment?.status !== 'authorized') {
    if (replacement.status !== 'cancelled') await cancelOrder(ctx, { orderId: replacement.id, reason: `payment for exchange ${ret.number} was not authorized` });
    throw new AppError('payment_declined', `The payment of ${difference} (minor units, ${ret.currency}) for exchange ${ret.number} was not authorized; nothing was approved`, { orderId: replacement.id });
  }

  await ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    await attachExchangeOrder(tx, ret.id, { orderId: replacement.id, valueAmount: value, at });
    await moveReturnInTx(tx, ctx, { returnId: ret.id, to: 'approved', reason: input.reason, decision: true });
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(returnExchangePlaced, ret.id, {
        returnId: ret.id,
        number: ret.number,
        orderId: ret.orderId,
        exchangeOrderId: replacement.id,
        exchangeOrderNumber: replacement.number,
        value: moneyJson({ amount: value, currency: ret.currency }),
        credit: moneyJson({ amount: credit, currency: ret.currency }),
        charge: moneyJson({ amount: difference > 0n ? difference : 0n, currency: ret.currency }),
        refund: moneyJson({ amount: difference < 0n ? -difference : 0n, currency: ret.currency }),
      }),
    ]);
  });
  return getReturnJson(ctx.db, ret.id);
}
