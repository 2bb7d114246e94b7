/**
 * A sales channel's order, normalized by its connector (Shopify, WooCommerce, BigCommerce, Amazon,
 * POS) before ingestion. Amounts are integer minor units of `currency`. `updatedAt` is the channel's
 * own last-modified time: an older version than the one applied is ignored (out-of-order delivery).
 */
export interface ChannelOrder {
  externalId: string;
  externalName?: string | undefined;
  updatedAt: string;
  cancelled: boolean;
  currency: string;
  email: string | null;
  customerName: string | null;
  phone?: string | undefined;
  shippingAddress: ChannelAddress | null;
  billingAddress?: ChannelAddress | null | undefined;
  lines: ChannelOrderLine[];
  shipping: string;
  discount: string;
  tax: string;
  note?: string | undefined;
  /** Amounts or fields the connector could not map exactly (each one holds the order with its reason). */
  problems: string[];
}

export interface ChannelOrderLine {
  externalLineId: string;
  externalSku: string;
  name: string;
  quantity: number;
  /** Minor units as a decimal string (JSON-safe bigint). */
  unitPrice: string;
}

export interface ChannelAddress {
  name?: string | undefined;
  company?: string | undefined;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  country: string;
  phone?: string | undefined;
}

/** `skus` on a failure: each line's Ordo SKU where known, else its channel SKU as received (absent when there are no lines). */
export type Resolution = { ok: true; skus: string[] } | { ok: false; reason: string; skus?: string[] };

/**
 * Maps each line's channel SKU to an Ordo SKU: an explicit mapping first, else the same SKU when the
 * catalog has it. Any line left over holds the whole order (`data` hold) with every unknown SKU named.
 */
export function resolveLineSkus(lines: readonly ChannelOrderLine[], mapped: ReadonlyMap<string, string>, catalog: ReadonlySet<string>): Resolution {
  const skus: string[] = [];
  const unknown: string[] = [];
  for (const l of lines) {
    const sku = mapped.get(l.externalSku) ?? (catalog.has(l.externalSku) ? l.externalSku : undefined);
    if (sku === undefined) unknown.push(l.externalSku === '' ? `(line ${l.externalLineId} has no SKU)` : l.externalSku);
    skus.push(sku ?? (l.externalSku || `unknown-${l.externalLineId}`));
  }
  if (lines.length === 0) return { ok: false, reason: 'the order has no lines' };
  return unknown.length ? { ok: false, reason: `unknown SKU ${unknown.join(', ')}: add a SKU mapping (the order is released then)`, skus } : { ok: true, skus };
}

/** The reason an order cannot be placed as received (missing facts), or null. */
export function missingFacts(o: ChannelOrder): string | null {
  const missing: string[] = [...o.problems];
  if (!o.email) missing.push('no customer email');
  if (!o.shippingAddress) missing.push('no shipping address');
  return missing.length ? missing.join('; ') : null;
}
