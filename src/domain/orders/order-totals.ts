import { add, multiply, subtract, sum, type Money } from '../money.js';

export interface TotalsInput {
  currency: string;
  lines: Array<{ quantity: number; unitPrice: Money }>;
  shipping: Money;
  discount: Money;
  tax: Money;
}

export interface OrderTotals {
  lineTotals: Money[];
  subtotal: Money;
  shipping: Money;
  discount: Money;
  tax: Money;
  total: Money;
}

export type TotalsResult = { ok: true; totals: OrderTotals } | { ok: false; path: string; message: string };

/** Server-side totals: total = subtotal + shipping + tax − discount; the discount may not exceed the subtotal. */
export function computeTotals(input: TotalsInput): TotalsResult {
  const lineTotals = input.lines.map((l) => multiply(l.unitPrice, l.quantity));
  const subtotal = sum(input.currency, lineTotals);
  if (input.discount.amount > subtotal.amount) {
    return { ok: false, path: 'discount.amount', message: 'must not exceed the subtotal of the lines' };
  }
  const total = subtract(add(add(subtotal, input.shipping), input.tax), input.discount);
  return { ok: true, totals: { lineTotals, subtotal, shipping: input.shipping, discount: input.discount, tax: input.tax, total } };
}
