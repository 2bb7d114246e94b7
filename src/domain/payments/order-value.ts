import { allocate, money } from '../money.js';

/** What the payment rules need to know about an order: line totals, quantities, the extras. */
export interface OrderValueFacts {
  currency: string;
  lines: Array<{ id: string; lineTotal: bigint; ordered: number; cancelled: number; shipped: number }>;
  shipping: bigint;
  tax: bigint;
  discount: bigint;
}

/** Line totals net of the order discount, spread over lines by largest remainder (exact). */
export function netLineTotals(o: OrderValueFacts): Map<string, bigint> {
  const shares = allocate(money(o.discount, o.currency), o.lines.map((l) => l.lineTotal));
  return new Map(o.lines.map((l, i) => [l.id, l.lineTotal - shares[i]!.amount]));
}

/**
 * Value of the first `quantity` units of a line, pro rata and rounded down; cumulative, so the
 * value of units 1..k plus units k+1..n is always the exact line value (the last units take the
 * remainder).
 * @example unitsValue(1000n, 3, 1) // 333n; unitsValue(1000n, 3, 3) // 1000n
 */
export function unitsValue(lineNet: bigint, ordered: number, quantity: number): bigint {
  if (quantity <= 0) return 0n;
  if (quantity >= ordered) return lineNet;
  return (lineNet * BigInt(quantity)) / BigInt(ordered);
}

/** Shipping and tax are charged with the first shipment, once anything ships at all. */
const extras = (o: OrderValueFacts) => o.shipping + o.tax;

/**
 * The amount that should be captured once the shipped quantities have left: the shipped units of
 * each line pro rata plus shipping and tax with the first shipment. When everything not cancelled
 * has shipped this equals `chargeableTotal` exactly (the last shipment takes the remainder).
 */
export function captureDue(o: OrderValueFacts): bigint {
  const net = netLineTotals(o);
  const shippedAny = o.lines.some((l) => l.shipped > 0);
  const lines = o.lines.reduce((s, l) => s + unitsValue(net.get(l.id)!, l.ordered, l.shipped), 0n);
  return shippedAny ? lines + extras(o) : 0n;
}

/**
 * What the customer pays in the end: every quantity not cancelled, plus shipping and tax unless
 * the whole order is cancelled. Cancelled units are worth `lineNet − unitsValue(kept)`, so the kept
 * units keep their cumulative value and nothing is lost to rounding.
 */
export function chargeableTotal(o: OrderValueFacts): bigint {
  const net = netLineTotals(o);
  const kept = o.lines.reduce((s, l) => s + unitsValue(net.get(l.id)!, l.ordered, l.ordered - l.cancelled), 0n);
  const anyKept = o.lines.some((l) => l.ordered > l.cancelled);
  return anyKept ? kept + extras(o) : 0n;
}

/**
 * Value of returning `quantity` units of a line for a refund: the top units of the line's
 * cumulative value, so repeated partial refunds of a line add up to the line value exactly.
 */
export function refundLineValue(lineNet: bigint, ordered: number, alreadyRefundedUnits: number, quantity: number): bigint {
  return unitsValue(lineNet, ordered, ordered - alreadyRefundedUnits) - unitsValue(lineNet, ordered, ordered - alreadyRefundedUnits - quantity);
}

/**
 * Spreads `amount` over payments in order, each up to its free capacity; returns the part per
 * payment (zero parts omitted) and what could not be placed.
 * @example spread(500n, [{ id: 'a', free: 300n }, { id: 'b', free: 900n }]) // a: 300n, b: 200n, left 0n
 */
export function spread(amount: bigint, slots: Array<{ id: string; free: bigint }>): { parts: Array<{ id: string; amount: bigint }>; left: bigint } {
  let left = amount;
  const parts: Array<{ id: string; amount: bigint }> = [];
  for (const s of slots) {
    if (left <= 0n) break;
    const n = s.free < left ? s.free : left;
    if (n > 0n) parts.push({ id: s.id, amount: n });
    left -= n;
  }
  return { parts, left };
}
