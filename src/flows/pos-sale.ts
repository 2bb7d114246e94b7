import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { requireStore } from '../modules/locations/index.js';
import { getOrderJson, loadOrder, type OrderJson } from '../modules/orders/index.js';
import { managePayment, orderPaymentsJson, type PlacementPaymentInput } from '../modules/payments/index.js';
import { handOverAtCounter } from '../modules/fulfillment/index.js';
import { placeOrder } from './place-order.js';
import { cancelOrder } from './cancel-order.js';

/** The channel name of every sale made at a store's till. */
export const POS_CHANNEL = 'pos';

export interface PosSaleInput {
  locationCode: string;
  /** The till's receipt number: the same receipt at the same store is the same sale (a retry). */
  receiptNumber: string;
  /** A known customer; a walk-in sale without one is recorded for the store's walk-in customer. */
  customer?: { email: string; name: string; phone?: string | undefined } | undefined;
  lines: Array<{ sku: string; quantity: number; unitPrice?: { amount: number; currency: string } | undefined }>;
  /** The card presented at the terminal (a gateway token). */
  payment: Omit<PlacementPaymentInput, 'amount'>;
}

/**
 * An in-store sale, fulfilled on the spot from the store's stock:
 * 1. placed (channel `pos`, collected at the store, `reject` policy: only the store's own available
 *    stock can be sold, so the goods in the customer's hands are the ones reserved);
 * 2. paid: the card is authorized (after the placement committed, no transaction open during the
 *    gateway call) and captured at once; a declined card cancels the order (reservations released)
 *    and answers 422;
 * 3. handed over (`handOverAtCounter`): one transaction consumes the reservations with 'shipment'
 *    ledger movements at the store and marks the lines shipped and delivered — no pick list, no
 *    packing, no shipment.
 * A retry with the same receipt finds the placed order and only completes what is left.
 */
export async function posSale(ctx: Ctx, input: PosSaleInput): Promise<OrderJson> {
  const store = await requireStore(ctx.db, input.locationCode);
  const customer = input.customer ?? { email: `walk-in+${store.code.toLowerCase()}@pos.invalid`, name: `Walk-in customer (${store.name})` };
  const placed = await placeOrder(
    ctx,
    {
      channel: POS_CHANNEL,
      externalId: `${store.code}:${input.receiptNumber}`,
      customer,
      shippingAddress: store.address,
      lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, ...(l.unitPrice ? { unitPrice: l.unitPrice } : {}) })),
      inventoryPolicy: 'reject',
      delivery: { method: 'pickup', locationCode: store.code },
      payments: [input.payment],
    },
    { deferSourcing: false },
  );
  const order = placed.body;
  if (order.status === 'cancelled') throw new AppError('conflict', `The sale of receipt ${input.receiptNumber} was cancelled (${order.number})`, { orderId: order.id });
  if (order.status === 'delivered' || order.status === 'completed') return order; // a retry of a finished sale
  const payments = (await orderPaymentsJson(ctx.db, (await loadOrder(ctx.db, order.id)).order)).items;
  if (order.status === 'placed' || payments.some((p) => p.status === 'failed')) {
    const why = payments.find((p) => p.failure)?.failure?.message ?? 'the payment was not authorized';
    await cancelOrder(ctx, { orderId: order.id, reason: `POS sale ${input.receiptNumber}: ${why}` });
    throw new AppError('payment_declined', `The card was declined: ${why}; the sale is cancelled`, { orderId: order.id });
  }
  for (const p of payments) {
    if (p.capturable.amount > 0) await managePayment(ctx, { orderId: order.id, paymentId: p.id, kind: 'capture', reason: `POS sale ${input.receiptNumber} at ${store.code}` });
  }
  await handOverAtCounter(ctx, { orderId: order.id, locationCode: store.code });
  return getOrderJson(ctx.db, order.id);
}
