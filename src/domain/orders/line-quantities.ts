/**
 * Per-line quantity buckets. ordered = cancelled + pending + backordered + allocated + shipped.
 * pending: awaiting sourcing (held for fraud review or payment); backordered: no stock anywhere;
 * allocated: reserved at a location; shipped: left a location.
 */
export interface LineQuantities {
  ordered: number;
  cancelled: number;
  pending: number;
  backordered: number;
  allocated: number;
  shipped: number;
  delivered: number;
  returned: number;
}

export function bucketsAddUp(q: LineQuantities): boolean {
  const parts = [q.cancelled, q.pending, q.backordered, q.allocated, q.shipped, q.delivered, q.returned];
  return (
    q.ordered > 0 &&
    parts.every((n) => Number.isInteger(n) && n >= 0) &&
    q.ordered === q.cancelled + q.pending + q.backordered + q.allocated + q.shipped &&
    q.delivered <= q.shipped &&
    q.returned <= q.shipped
  );
}

/** Quantity that can still be cancelled (not yet shipped). */
export const cancellable = (q: LineQuantities): number => q.pending + q.backordered + q.allocated;

/**
 * Cancels `qty` units of a line: pending then backordered units first (nothing to release), then allocated ones
 * (their reservation must be released). Returns the new buckets and how many allocated units to release.
 * @example cancelQuantity({ordered:5, pending:0, backordered:2, allocated:3, …}, 3) // releases 1
 */
export function cancelQuantity(q: LineQuantities, qty: number): { next: LineQuantities; release: number } {
  if (!Number.isInteger(qty) || qty <= 0) throw new RangeError('Quantity to cancel must be a positive integer');
  if (qty > cancellable(q)) throw new RangeError(`Only ${cancellable(q)} can be cancelled`);
  const fromPending = Math.min(qty, q.pending);
  const fromBackorder = Math.min(qty - fromPending, q.backordered);
  const release = qty - fromPending - fromBackorder;
  return {
    next: {
      ...q,
      cancelled: q.cancelled + qty,
      pending: q.pending - fromPending,
      backordered: q.backordered - fromBackorder,
      allocated: q.allocated - release,
    },
    release,
  };
}

/** Whole-order derived facts from its lines. */
export function isFullyCancelled(lines: LineQuantities[]): boolean {
  return lines.every((l) => l.cancelled === l.ordered);
}
