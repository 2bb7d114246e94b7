import type { OrderValueFacts } from '../../domain/payments/order-value.js';
import type { loadOrder } from '../orders/index.js';

export type LoadedOrder = Pick<Awaited<ReturnType<typeof loadOrder>>, 'order' | 'lines'>;

/** The facts the pure payment rules (domain/payments/order-value.ts) need from a loaded order. */
export const orderValueFacts = ({ order, lines }: LoadedOrder): OrderValueFacts => ({
  currency: order.currency,
  lines: lines.map((l) => ({ id: l.id, lineTotal: l.lineTotalAmount, ordered: l.quantityOrdered, cancelled: l.quantityCancelled, shipped: l.quantityShipped })),
  shipping: order.shippingAmount,
  tax: order.taxAmount,
  discount: order.discountAmount,
});
