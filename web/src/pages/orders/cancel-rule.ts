/** What the console may offer to cancel; no imports, so the API test suite checks it against the API. */
interface LineQuantities {
  quantities: { pending: number; backordered: number; allocated: number };
}

/** Units of a line that can still be cancelled: pending, backordered and allocated ones (mirrors the API's rule). */
export const cancellable = (l: LineQuantities) => l.quantities.pending + l.quantities.backordered + l.quantities.allocated;

/**
 * Whether the order takes a cancellation at all (mirrors the API: before anything shipped, and for a
 * partially shipped order what has not shipped yet).
 */
export const orderCancellable = (o: { status: string; lines: LineQuantities[] }) =>
  ['placed', 'confirmed', 'processing', 'partially_shipped'].includes(o.status) && o.lines.some((l) => cancellable(l) > 0);
