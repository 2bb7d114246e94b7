import { decimalToMinor } from '../../../domain/channels/decimal-money.js';
import type { ChannelAddress, ChannelOrder } from '../../../domain/channels/channel-order.js';

type Json = Record<string, any>;

/**
 * WooCommerce REST v3 order (also the body of the order.created / order.updated webhooks) → a
 * normalized channel order. A line without a SKU is identified as `product:<id>` or
 * `variation:<id>` (map those to Ordo SKUs). Woo's line `subtotal` is before discounts and
 * excludes tax, so unit price = subtotal / quantity (exactly, or the order is held).
 */
export function wooOrderToChannelOrder(o: Json): ChannelOrder {
  const currency = String(o.currency ?? '');
  const problems: string[] = [];
  const minor = (v: unknown, what: string): bigint => {
    const m = decimalToMinor(v as string | null | undefined, currency || 'USD');
    if (m === null) problems.push(`${what} ${String(v)} is not an exact ${currency} amount`);
    return m ?? 0n;
  };
  const lines = (Array.isArray(o.line_items) ? (o.line_items as Json[]) : []).map((li, i) => {
    const qty = Number(li.quantity ?? 0);
    const sub = minor(li.subtotal, `line_items.${i}.subtotal`);
    if (qty > 0 && sub % BigInt(qty) !== 0n) problems.push(`line_items.${i}.subtotal ${li.subtotal} does not divide into ${qty} equal unit prices`);
    const sku = String(li.sku ?? '').trim();
    return {
      externalLineId: String(li.id ?? i + 1),
      externalSku: sku || (Number(li.variation_id) > 0 ? `variation:${li.variation_id}` : `product:${li.product_id}`),
      name: String(li.name ?? sku),
      quantity: qty,
      unitPrice: (qty > 0 ? sub / BigInt(qty) : 0n).toString(),
    };
  });
  const b = (o.billing ?? {}) as Json;
  const gmt = String(o.date_modified_gmt ?? o.date_created_gmt ?? '');
  return {
    externalId: String(o.id),
    externalName: o.number ? `#${o.number}` : undefined,
    // *_gmt carry no offset: they are UTC.
    updatedAt: new Date(/[zZ]|[+-]\d\d:\d\d$/.test(gmt) ? gmt : `${gmt}Z`).toISOString(),
    cancelled: o.status === 'cancelled',
    currency,
    email: b.email || null,
    customerName: [b.first_name, b.last_name].filter(Boolean).join(' ') || null,
    phone: b.phone || undefined,
    shippingAddress: address(o.shipping) ?? address(b),
    billingAddress: address(b),
    lines,
    shipping: (Array.isArray(o.shipping_lines) ? (o.shipping_lines as Json[]) : []).reduce((s, l, i) => s + minor(l.total, `shipping_lines.${i}.total`), 0n).toString(),
    discount: minor(o.discount_total ?? '0', 'discount_total').toString(),
    tax: minor(o.total_tax ?? '0', 'total_tax').toString(),
    note: o.customer_note || undefined,
    problems: currency ? problems : ['no currency', ...problems],
  };
}

function address(a: Json | null | undefined): ChannelAddress | null {
  if (!a || !a.address_1 || !a.city || !a.country) return null;
  return {
    name: [a.first_name, a.last_name].filter(Boolean).join(' ') || undefined,
    company: a.company || undefined,
    line1: String(a.address_1),
    line2: a.address_2 || undefined,
    city: String(a.city),
    region: a.state || undefined,
    postalCode: String(a.postcode ?? ''),
    country: String(a.country).toUpperCase(),
    phone: a.phone || undefined,
  };
}
