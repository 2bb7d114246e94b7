/**
 * Natural order of bin codes so a picker walks A-01-02 before A-01-10 (digit runs compare as numbers,
 * letters case-insensitively). Lines without a bin come last.
 * @example ['A-01-10', 'A-01-02', null].sort(compareBins) // ['A-01-02', 'A-01-10', null]
 */
export function compareBins(a: string | null | undefined, b: string | null | undefined): number {
  if (!a && !b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const n = Number(x) - Number(y);
      if (n !== 0) return n;
      if (x.length !== y.length) return x.length - y.length; // "01" before "1" only to be total
    } else {
      const s = x.toUpperCase().localeCompare(y.toUpperCase());
      if (s !== 0) return s;
    }
  }
  return ca.length - cb.length;
}

export interface PickItem {
  sku: string;
  bin: string | null;
}

/** Sorts pick items along the walk: by bin, then SKU (stable for equal keys). */
export function sortPickWalk<T extends PickItem>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareBins(a.bin, b.bin) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

export interface WaveLineInput extends PickItem {
  name: string;
  gtin: string | null;
  fulfillmentOrderId: string;
  fulfillmentNumber: string;
  orderNumber: string;
  quantity: number;
  picked: number;
}

export interface WaveLine {
  sku: string;
  name: string;
  gtin: string | null;
  bin: string | null;
  quantity: number;
  picked: number;
  orders: Array<{ fulfillmentOrderId: string; fulfillmentNumber: string; orderNumber: string; quantity: number; picked: number }>;
}

/**
 * Groups the lines of many fulfillment orders by SKU (one stop per SKU and bin), with the per-order
 * breakdown the picker needs to sort the items afterwards, in walk order.
 */
export function buildWave(lines: readonly WaveLineInput[]): WaveLine[] {
  const bySku = new Map<string, WaveLine>();
  for (const l of lines) {
    if (l.quantity <= 0) continue;
    const key = `${l.sku}\0${l.bin ?? ''}`;
    let w = bySku.get(key);
    if (!w) {
      w = { sku: l.sku, name: l.name, gtin: l.gtin, bin: l.bin, quantity: 0, picked: 0, orders: [] };
      bySku.set(key, w);
    }
    w.quantity += l.quantity;
    w.picked += l.picked;
    const o = w.orders.find((x) => x.fulfillmentOrderId === l.fulfillmentOrderId);
    if (o) (o.quantity += l.quantity), (o.picked += l.picked);
    else w.orders.push({ fulfillmentOrderId: l.fulfillmentOrderId, fulfillmentNumber: l.fulfillmentNumber, orderNumber: l.orderNumber, quantity: l.quantity, picked: l.picked });
  }
  return sortPickWalk([...bySku.values()]);
}
