import { cancelQuantity, type LineQuantities } from './line-quantities.js';

/**
 * The line side of an order edit before picking (flows/edit-order.ts), as pure data: applies the
 * operations in order to a working copy of the lines and says which buckets change, which allocated
 * units must be released and what each operation did (the diff). Nothing here reads or writes.
 *
 * Semantics (docs/orders-edits.md): `quantity` is a line's live quantity (ordered − cancelled). A
 * higher quantity adds ordered units as `pending` (to be sourced); a lower one cancels units like a
 * cancellation does (backordered first, then allocated ones, released); removing a line cancels all
 * its live units (the line stays, fully cancelled, for the record); a variant swap removes the line
 * and adds one of the new SKU with the same live quantity. A line's total is unit price × ordered.
 */
export interface EditLine {
  id: string;
  lineNo: number;
  sku: string;
  name: string;
  unitPrice: bigint;
  customization: Record<string, string>;
  q: LineQuantities;
  /** Added by this edit (not yet stored). */
  added: boolean;
}

export interface PricedItem {
  sku: string;
  name: string;
  unitPrice: bigint;
  customization: Record<string, string>;
}

export type LineOp =
  | { op: 'set_quantity'; lineId: string; quantity: number }
  | { op: 'remove_line'; lineId: string }
  | { op: 'add_line'; quantity: number; item: PricedItem }
  | { op: 'swap_variant'; lineId: string; item: PricedItem };

/** What one operation did to a line; `index` is the operation's position in the request. */
export type LineChange = { index: number } & (
  | { change: 'quantity'; lineId: string; lineNo: number; sku: string; from: number; to: number }
  | { change: 'removed'; lineId: string; lineNo: number; sku: string; from: number; to: 0 }
  | { change: 'added'; lineId: string; lineNo: number; sku: string; from: 0; to: number; unitPrice: bigint }
  | { change: 'swapped'; lineId: string; lineNo: number; sku: string; from: number; to: number; replacedBy: { lineId: string; lineNo: number; sku: string; unitPrice: bigint } }
);

export interface LineEditResult {
  ok: true;
  lines: EditLine[];
  /** Allocated units to release per line id (their reservations go back to stock). */
  release: Map<string, number>;
  /** Lines with new pending units to source. */
  toSource: Set<string>;
  changes: LineChange[];
}

export type LineEditError = { ok: false; index: number; field: string; message: string; status: 'invalid' | 'conflict' };

export const liveQuantity = (q: LineQuantities): number => q.ordered - q.cancelled;

/** Applies line operations in order. `ops[i].index` is the operation's position in the request (error paths). */
export function applyLineEdits(current: readonly EditLine[], ops: ReadonlyArray<LineOp & { index: number }>, newId: () => string): LineEditResult | LineEditError {
  const lines = current.map((l) => ({ ...l, q: { ...l.q } }));
  const release = new Map<string, number>();
  const toSource = new Set<string>();
  const changes: LineChange[] = [];
  let nextNo = lines.reduce((m, l) => Math.max(m, l.lineNo), 0) + 1;
  const fail = (index: number, field: string, message: string, status: 'invalid' | 'conflict' = 'invalid'): LineEditError => ({ ok: false, index, field, message, status });
  const find = (lineId: string) => lines.find((l) => l.id === lineId);
  const cancelLive = (l: EditLine, n: number) => {
    const { next, release: r } = cancelQuantity(l.q, n);
    l.q = next;
    if (r > 0) release.set(l.id, (release.get(l.id) ?? 0) + r);
  };
  const add = (quantity: number, item: PricedItem): EditLine => {
    const l: EditLine = {
      id: newId(),
      lineNo: nextNo++,
      sku: item.sku,
      name: item.name,
      unitPrice: item.unitPrice,
      customization: item.customization,
      added: true,
      q: { ordered: quantity, cancelled: 0, pending: quantity, backordered: 0, allocated: 0, shipped: 0, delivered: 0, returned: 0 },
    };
    lines.push(l);
    toSource.add(l.id);
    return l;
  };
  for (const o of ops) {
    if (o.op === 'add_line') {
      const l = add(o.quantity, o.item);
      changes.push({ index: o.index, change: 'added', lineId: l.id, lineNo: l.lineNo, sku: l.sku, from: 0, to: o.quantity, unitPrice: o.item.unitPrice });
      continue;
    }
    const l = find(o.lineId);
    if (!l) return fail(o.index, 'lineId', 'is not a line of this order');
    const live = liveQuantity(l.q);
    if (live === 0) return fail(o.index, 'lineId', `line ${l.lineNo} (${l.sku}) has nothing left to edit (removed or cancelled)`, 'conflict');
    if (l.q.shipped > 0) return fail(o.index, 'lineId', `line ${l.lineNo} (${l.sku}) has shipped units`, 'conflict');
    if (o.op === 'set_quantity') {
      if (o.quantity === live) continue;
      if (o.quantity > live) {
        const d = o.quantity - live;
        l.q = { ...l.q, ordered: l.q.ordered + d, pending: l.q.pending + d };
        toSource.add(l.id);
      } else {
        cancelLive(l, live - o.quantity);
      }
      changes.push({ index: o.index, change: 'quantity', lineId: l.id, lineNo: l.lineNo, sku: l.sku, from: live, to: o.quantity });
    } else if (o.op === 'remove_line') {
      cancelLive(l, live);
      changes.push({ index: o.index, change: 'removed', lineId: l.id, lineNo: l.lineNo, sku: l.sku, from: live, to: 0 });
    } else {
      if (o.item.sku === l.sku) return fail(o.index, 'sku', `is already the SKU of line ${l.lineNo}`);
      cancelLive(l, live);
      const n = add(live, o.item);
      changes.push({ index: o.index, change: 'swapped', lineId: l.id, lineNo: l.lineNo, sku: l.sku, from: live, to: live, replacedBy: { lineId: n.id, lineNo: n.lineNo, sku: n.sku, unitPrice: n.unitPrice } });
    }
  }
  if (lines.every((l) => liveQuantity(l.q) === 0)) {
    const last = ops[ops.length - 1]!;
    return fail(last.index, 'op', 'an edit must leave at least one line; cancel the order instead', 'conflict');
  }
  return { ok: true, lines, release, toSource, changes };
}
