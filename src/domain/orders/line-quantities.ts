/** Per-line quantity buckets. ordered = cancelled + backordered + allocated + shipped. */
export interface LineQuantities {
  ordered: number;
  cancelled: number;
  backordered: number;
  allocated: number;
  shipped: number;
  delivered: number;
  returned: number;
}

export function bucketsAddUp(q: LineQuantities): boolean {
  const parts = [q.cancelled, q.backordered, q.allocated, q.shipped, q.delivered, q.returned];
  return (
    q.ordered > 0 &&
    parts.every((n) => Number.isInteger(n) && n >= 0) &&
    q.ordered === q.cancelled + q.backordered + q.allocated + q.shipped &&
    q.delivered <= q.shipped &&
    q.returned <= q.shipped
  );
}

/** Quantity that can still be cancelled (not yet shipped). */
export const cancellable = (q: LineQuantities): number => q.backordered + q.allocated;

/**
 * Cancels `qty` units of a line: backordered units first (nothing to release), then allocated ones
 * (their reservation must be released). Returns the new buckets and how many allocated units to release.
 * @example cancelQuantity({ordered:5, backordered:2, allocated:3, …}, 3) // releases 1
 */
export function cancelQuantity(q: LineQuantities, qty: number): { next: LineQuantities; release: number } {
  if (!Number.isInteger(qty) || qty <= 0) throw new RangeError('Quantity to cancel must be a positive integer');
  if (qty > cancellable(q)) throw new RangeError(`Only ${cancellable(q)} can be cancelled`);
  const fromBackorder = Math.min(qty, q.backordered);
  const release = qty - fromBackorder;
  return {
    next: { ...q, cancelled: q.cancelled + qty, backordered: q.backordered - fromBackorder, allocated: q.allocated - release },
    release,
  };
}

/** Whole-order derived facts from its lines. */
export function isFullyCancelled(lines: LineQuantities[]): boolean {
  return lines.every((l) => l.cancelled === l.ordered);
}
