import type { Ctx } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import type { MoneyJson } from '../platform/http/schemas.js';
import { requireStore } from '../modules/locations/index.js';
import { findOrderIdByNumber, getOrderJson, loadOrder, type OrderJson } from '../modules/orders/index.js';
import { managePayment, orderPaymentsJson, type OrderPaymentsJson, type PlacementPaymentInput } from '../modules/payments/index.js';
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
  /** The card presented at the terminal (a gateway token); with cash too, it pays what the cash leaves. */
  payment?: { provider: PlacementPaymentInput['provider']; paymentMethod: string } | undefined;
  /** Cash counted at the till: `tendered` handed over; `amount` the cash part of a split tender (default: all). */
  cash?: { tendered: MoneyJson; amount?: MoneyJson | undefined } | undefined;
}

/** The sale's payments in placement order (cash first, so a later refund goes back to the card first) and the request field of each. */
function tenders(input: PosSaleInput): Array<{ field: 'cash' | 'payment'; payment: PlacementPaymentInput }> {
  const out: Array<{ field: 'cash' | 'payment'; payment: PlacementPaymentInput }> = [];
  if (input.cash) out.push({ field: 'cash', payment: { provider: 'cash', paymentMethod: 'cash', tendered: input.cash.tendered, ...(input.cash.amount ? { amount: input.cash.amount } : {}) } });
  if (input.payment) out.push({ field: 'payment', payment: input.payment });
  return out;
}

/** Errors about `payments.N…` of the placement named as the POS request's own fields (`cash.tendered.amount`). */
function renamePaymentFields(e: unknown, names: string[]): unknown {
  if (!(e instanceof AppError) || !e.extra.errors) return e;
  const errors = e.extra.errors.map((f) => {
    const m = /^payments\.(\d+)(.*)$/.exec(f.path);
    if (m) return { ...f, path: `${names[Number(m[1])]}${m[2]}` };
    return f.path === 'payments' ? { ...f, path: names.includes('cash') ? 'cash.amount' : 'payment' } : f;
  });
  return new AppError(e.code, e.message.replace(/payments\.(\d+)/g, (_, i: string) => names[Number(i)]!), { ...e.extra, errors });
}

/**
 * An in-store sale, fulfilled on the spot from the store's stock:
 * 1. placed (channel `pos`, collected at the store, `reject` policy: only the store's own available
 *    stock can be sold, so the goods in the customer's hands are the ones reserved), with its payments
 *    written in that transaction: a card, cash (what was tendered, at least the cash part: else 422
 *    naming `cash.tendered.amount`, nothing written), or both (split tender);
 * 2. paid: the card is authorized at its gateway, cash at the till in process (after the placement
 *    committed, no transaction open during a gateway call) and captured at once; a declined card
 *    cancels the order (reservations released, the cash part voided) and answers 422;
 * 3. handed over (`handOverAtCounter`): one transaction consumes the reservations with 'shipment'
 *    ledger movements at the store and marks the lines shipped and delivered — no pick list, no
 *    packing, no shipment.
 * A retry with the same receipt finds the placed order and only completes what is left.
 */
export async function posSale(ctx: Ctx, input: PosSaleInput): Promise<PosReceipt> {
  const store = await requireStore(ctx.db, input.locationCode);
  const customer = input.customer ?? { email: `walk-in+${store.code.toLowerCase()}@pos.invalid`, name: `Walk-in customer (${store.name})` };
  const paidWith = tenders(input);
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
      payments: paidWith.map((t) => t.payment),
    },
    { deferSourcing: false },
  ).catch((e: unknown) => {
    throw renamePaymentFields(e, paidWith.map((t) => t.field));
  });
  const order = placed.body;
  if (order.status === 'cancelled') throw new AppError('conflict', `The sale of receipt ${input.receiptNumber} was cancelled (${order.number})`, { orderId: order.id });
  if (order.status === 'delivered' || order.status === 'completed') return receipt(ctx, order.id); // a retry of a finished sale
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
  return receipt(ctx, order.id);
}

export type PosReceipt = OrderJson & { payment: OrderPaymentsJson };

/** The sale as the receipt shows it: the order and its payments (cash tendered and change included). */
async function receipt(ctx: Ctx, orderId: string): Promise<PosReceipt> {
  const { order } = await loadOrder(ctx.db, orderId);
  return { ...(await getOrderJson(ctx.db, orderId)), payment: await orderPaymentsJson(ctx.db, order) };
}

/** The receipt of an order by its number (a sale to reprint, or the order a customer brings goods back from). */
export async function receiptByNumber(ctx: Ctx, number: string): Promise<PosReceipt> {
  const id = await findOrderIdByNumber(ctx.db, number);
  if (!id) throw notFound('Order', number);
  return receipt(ctx, id);
}
