import type { Money, Schemas } from '../../../api/client';

/** The order being entered: exactly what a draft stores (`body` of /order-drafts). */
export interface Entry {
  customer: { id: string | null; email: string; name: string; phone: string };
  address: { name: string; company: string; line1: string; line2: string; postalCode: string; city: string; region: string; country: string };
  lines: Array<{ sku: string; name: string; quantity: number; unitPrice: Money }>;
  /** The shipping level chosen from the delivery promise, and what it costs. */
  shipping: { level: string; price: Money; deliveryDate: string | null; label: string } | null;
  payment: { method: 'sandbox' | 'stripe' | 'later'; token: string };
  note: string;
}

export const emptyEntry = (): Entry => ({
  customer: { id: null, email: '', name: '', phone: '' },
  address: { name: '', company: '', line1: '', line2: '', postalCode: '', city: '', region: '', country: 'DE' },
  lines: [],
  shipping: null,
  payment: { method: 'sandbox', token: 'pm_sandbox_success' },
  note: '',
});

/** A draft's body read back defensively: missing or odd fields fall back to the empty entry's. */
export function entryFromDraft(body: Record<string, unknown>): Entry {
  const e = emptyEntry();
  const b = body as Partial<Entry>;
  return {
    customer: { ...e.customer, ...(b.customer ?? {}) },
    address: { ...e.address, ...(b.address ?? {}) },
    lines: Array.isArray(b.lines) ? b.lines.filter((l) => l && typeof l.sku === 'string' && Number.isInteger(l.quantity)) : [],
    shipping: b.shipping ?? null,
    payment: { ...e.payment, ...(b.payment ?? {}) },
    note: typeof b.note === 'string' ? b.note : '',
  };
}

export const draftTitle = (e: Entry) => e.customer.name.trim() || e.customer.email.trim() || e.address.name.trim() || 'New order';

export const currencyOf = (e: Entry) => e.lines[0]?.unitPrice.currency ?? 'EUR';

export function totals(e: Entry) {
  const currency = currencyOf(e);
  const subtotal = e.lines.reduce((s, l) => s + l.unitPrice.amount * l.quantity, 0);
  const shipping = e.shipping?.price.currency === currency ? e.shipping.price.amount : 0;
  return { subtotal: { amount: subtotal, currency }, shipping: { amount: shipping, currency }, total: { amount: subtotal + shipping, currency } };
}

const opt = (s: string) => (s.trim() ? s.trim() : undefined);

type PlaceOrder = Schemas['PlaceOrder'];

/** The POST /orders body of a phone order: catalog prices, the chosen shipping price, the payment token. */
/** The order to place; `coordinates` are the typed address's, from its postal code (usePostalGeocode). */
export function toPlaceOrder(e: Entry, coordinates?: { latitude: number; longitude: number }): PlaceOrder {
  const a = e.address;
  const currency = currencyOf(e);
  return {
    channel: 'phone',
    customer: { email: e.customer.email.trim(), name: e.customer.name.trim(), ...(opt(e.customer.phone) ? { phone: opt(e.customer.phone) } : {}) },
    shippingAddress: {
      name: opt(a.name) ?? opt(e.customer.name),
      company: opt(a.company),
      line1: a.line1.trim(),
      line2: opt(a.line2),
      postalCode: a.postalCode.trim(),
      city: a.city.trim(),
      region: opt(a.region),
      country: a.country.trim().toUpperCase(),
      ...(coordinates ?? {}),
    },
    lines: e.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    ...(e.shipping ? { shipping: e.shipping.price } : {}),
    currency,
    note: [e.shipping ? `Shipping: ${e.shipping.label}` : '', e.note.trim()].filter(Boolean).join('\n') || undefined,
    ...(e.payment.method !== 'later' && e.payment.token.trim() ? { payments: [{ provider: e.payment.method, paymentMethod: e.payment.token.trim() }] } : {}),
  } as PlaceOrder;
}

type Promise_ = Schemas['DeliveryPromise'];

export interface ShippingChoice {
  level: string;
  price: Money;
  deliveryDate: string | null;
  label: string;
}

/**
 * The shipping levels the whole cart can go by, from the delivery promise: a level every planned
 * shipment offers; its price is the cheapest service of that level per shipment, added up, and it
 * arrives with the latest of them. Cheapest first.
 */
export function shippingChoices(p: Promise_): ShippingChoice[] {
  if (p.shipments.length === 0) return [];
  const levels = new Set(p.shipments[0]!.options.map((o) => o.level));
  const out: ShippingChoice[] = [];
  for (const level of levels) {
    const picks = p.shipments.map((s) => s.options.filter((o) => o.level === level).sort((a, b) => a.price.amount - b.price.amount)[0]);
    if (picks.some((x) => !x)) continue;
    const chosen = picks as NonNullable<(typeof picks)[number]>[];
    const currency = chosen[0]!.price.currency;
    if (chosen.some((c) => c.price.currency !== currency)) continue;
    const deliveryDate = chosen.map((c) => c.deliveryDate).sort().at(-1) ?? null;
    const services = [...new Set(chosen.map((c) => `${c.carrier} ${c.service}`))].join(' + ');
    out.push({ level, price: { amount: chosen.reduce((s, c) => s + c.price.amount, 0), currency }, deliveryDate, label: `${level} (${services}${p.shipments.length > 1 ? `, ${p.shipments.length} parcels` : ''})` });
  }
  return out.sort((a, b) => a.price.amount - b.price.amount);
}

export const sandboxTokens = [
  { value: 'pm_sandbox_success', label: 'Card authorized (pm_sandbox_success)' },
  { value: 'pm_sandbox_declined', label: 'Card declined (pm_sandbox_declined)' },
  { value: 'pm_sandbox_insufficient_funds', label: 'Insufficient funds (pm_sandbox_insufficient_funds)' },
  { value: 'pm_sandbox_authentication_required', label: '3-D Secure required (pm_sandbox_authentication_required)' },
];
