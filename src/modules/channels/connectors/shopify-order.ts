import { decimalToMinor } from '../../../domain/channels/decimal-money.js';
import type { ChannelAddress, ChannelOrder } from '../../../domain/channels/channel-order.js';

/**
 * Shopify's REST `Order` resource (the body of the orders/create, orders/updated and orders/cancelled
 * webhooks) → a normalized channel order. Ids are read as strings from the raw JSON text (they can
 * exceed 2^53), amounts from the shop-money decimal strings.
 */
type Json = Record<string, any>;

export function shopifyOrderToChannelOrder(o: Json): ChannelOrder {
  const currency = String(o.currency ?? o.presentment_currency ?? '');
  const problems: string[] = [];
  const minor = (v: unknown, what: string): string => {
    const m = decimalToMinor(v as string | null | undefined, currency || 'USD');
    if (m === null) {
      if (v !== null && v !== undefined) problems.push(`${what} ${String(v)} is not an exact ${currency} amount`);
      return '0';
    }
    return m.toString();
  };
  const lines = (Array.isArray(o.line_items) ? (o.line_items as Json[]) : []).map((li, i) => ({
    externalLineId: String(li.id ?? i + 1),
    externalSku: String(li.sku ?? ''),
    name: String(li.name ?? li.title ?? li.sku ?? ''),
    quantity: Number(li.quantity ?? 0),
    unitPrice: minor(li.price, `line_items.${i}.price`),
  }));
  const shippingTotal = (Array.isArray(o.shipping_lines) ? (o.shipping_lines as Json[]) : []).reduce((s, l) => s + BigInt(minor(l.discounted_price ?? l.price, 'shipping_lines.price')), 0n);
  const customer = (o.customer ?? {}) as Json;
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(' ') || o.shipping_address?.name || o.billing_address?.name || null;
  return {
    externalId: String(o.id),
    externalName: o.name ? String(o.name) : undefined,
    updatedAt: new Date(String(o.updated_at ?? o.created_at)).toISOString(),
    cancelled: o.cancelled_at !== null && o.cancelled_at !== undefined,
    currency,
    email: o.email || o.contact_email || customer.email || null,
    customerName: name,
    phone: o.phone ?? undefined,
    shippingAddress: address(o.shipping_address),
    billingAddress: address(o.billing_address),
    lines,
    shipping: shippingTotal.toString(),
    discount: minor(o.total_discounts ?? '0', 'total_discounts'),
    tax: o.taxes_included ? '0' : minor(o.total_tax ?? '0', 'total_tax'),
    note: o.note ?? undefined,
    problems: currency ? problems : ['no currency', ...problems],
  };
}

function address(a: Json | null | undefined): ChannelAddress | null {
  if (!a || !a.address1 || !a.city || !a.country_code) return null;
  return {
    name: a.name || [a.first_name, a.last_name].filter(Boolean).join(' ') || undefined,
    company: a.company ?? undefined,
    line1: String(a.address1),
    line2: a.address2 || undefined,
    city: String(a.city),
    region: a.province_code ?? a.province ?? undefined,
    postalCode: String(a.zip ?? ''),
    country: String(a.country_code).toUpperCase(),
    phone: a.phone ?? undefined,
  };
}

/**
 * Shopify ids can exceed 2^53; JSON.parse would round them. Quote every bare integer of 16+ digits
 * in `"id"`-like keys before parsing so they stay exact strings.
 */
export function parseShopifyJson(raw: string): Json {
  return JSON.parse(raw.replace(/("(?:[a-z_]*_)?id"\s*:\s*)(\d{16,})/g, '$1"$2"')) as Json;
}
