import { chargeableTotal, netLineTotals, refundLineValue, type OrderValueFacts } from '../payments/order-value.js';

export interface OrderAdjustments {
  /** Value of the cancelled units (net of their discount share), plus shipping and tax once everything is cancelled. */
  cancelled: bigint;
  /** Value of the returned units: the top units of each line's kept value (exact over repeated returns). */
  returned: bigint;
  /** Money given back to the customer's payments (refunds of cancellations and returns). */
  refunded: bigint;
  /** What the order is worth now: total − cancelled − returned. */
  net: bigint;
}

/**
 * What an order shows besides its placement totals: cancelled, returned and refunded amounts and
 * its net total. Uses the payment rules' exact allocation, so these amounts match what payments
 * capture and refund. `total` is the placement total (subtotal + shipping + tax − discount).
 * @example 91.70 order, an 11.90 line cancelled → cancelled 1190, net 7980
 */
export type AdjustmentFacts = Omit<OrderValueFacts, 'lines'> & { total: bigint; lines: Array<OrderValueFacts['lines'][number] & { returned: number }> };

export function orderAdjustments(o: AdjustmentFacts, refunded: bigint): OrderAdjustments {
  const cancelled = o.total - chargeableTotal(o);
  const net = netLineTotals(o);
  const returned = o.lines.reduce((s, l) => s + refundLineValue(net.get(l.id)!, l.ordered, l.cancelled, l.returned), 0n);
  return { cancelled, returned, refunded, net: o.total - cancelled - returned };
}
