import { decimalToMinor } from '../../../domain/channels/decimal-money.js';
import type { ChannelOrder } from '../../../domain/channels/channel-order.js';
import type { ConnectionRow } from '../channels.repository.js';
import { ChannelApiError } from './shopify-admin.js';
import type { ShipmentPush } from './shipment-push.js';

type Json = Record<string, any>;

/**
 * BigCommerce V2 Orders API (`{apiBase}/stores/{storeHash}/v2`, `X-Auth-Token`; `v3` for payment actions). Webhooks are thin
 * (`{scope, data: {type, id}}`), so the order, its products and shipping addresses are fetched.
 * Settings: `storeHash`, `apiBase` (default https://api.bigcommerce.com).
 */
export function bigcommerceApi(conn: ConnectionRow, creds: Record<string, string>, fetchFn: typeof fetch = fetch, version: 'v2' | 'v3' = 'v2') {
  const s = conn.settings as { apiBase?: string; storeHash?: string };
  const base = `${(s.apiBase ?? 'https://api.bigcommerce.com').replace(/\/$/, '')}/stores/${s.storeHash}/${version}`;
  return async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchFn(`${base}${path}`, {
        method,
        headers: { 'x-auth-token': creds.accessToken!, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new ChannelApiError(`BigCommerce did not answer: ${(e as Error).message}`, true);
    }
    const json = (await res.json().catch(() => ({}))) as T;
    if (!res.ok) throw new ChannelApiError(`BigCommerce answered HTTP ${res.status}: ${JSON.stringify(json).slice(0, 300)}`, res.status === 429 || res.status >= 500);
    return json;
  };
}

export async function fetchBigcommerceOrder(call: ReturnType<typeof bigcommerceApi>, id: string): Promise<ChannelOrder> {
  const [o, products, addresses] = await Promise.all([call<Json>('GET', `/orders/${id}`), call<Json[]>('GET', `/orders/${id}/products`), call<Json[]>('GET', `/orders/${id}/shippingaddresses`)]);
  return bigcommerceOrderToChannelOrder(o, products, addresses);
}

/** V2 order + products + shipping addresses → a normalized order (amounts are 4-decimal strings). */
export function bigcommerceOrderToChannelOrder(o: Json, products: Json[], addresses: Json[]): ChannelOrder {
  const currency = String(o.currency_code ?? o.default_currency_code ?? '');
  const problems: string[] = [];
  const minor = (v: unknown, what: string): string => {
    const m = decimalToMinor(v as string, currency || 'USD');
    if (m === null) problems.push(`${what} ${String(v)} is not an exact ${currency} amount`);
    return (m ?? 0n).toString();
  };
  const a = addresses[0];
  const b = (o.billing_address ?? {}) as Json;
  return {
    externalId: String(o.id),
    externalName: `#${o.id}`,
    updatedAt: new Date(String(o.date_modified ?? o.date_created)).toISOString(),
    cancelled: Number(o.status_id) === 5,
    currency,
    email: b.email || a?.email || null,
    customerName: [b.first_name, b.last_name].filter(Boolean).join(' ') || null,
    phone: b.phone || undefined,
    shippingAddress:
      a && a.street_1 && a.city && a.country_iso2
        ? { name: [a.first_name, a.last_name].filter(Boolean).join(' ') || undefined, company: a.company || undefined, line1: a.street_1, line2: a.street_2 || undefined, city: a.city, region: a.state || undefined, postalCode: String(a.zip ?? ''), country: a.country_iso2, phone: a.phone || undefined }
        : null,
    lines: products.map((p, i) => ({ externalLineId: String(p.id), externalSku: String(p.sku ?? ''), name: String(p.name ?? p.sku), quantity: Number(p.quantity), unitPrice: minor(p.price_ex_tax, `products.${i}.price_ex_tax`) })),
    shipping: minor(o.shipping_cost_ex_tax ?? '0', 'shipping_cost_ex_tax'),
    discount: minor(o.discount_amount ?? '0', 'discount_amount'),
    tax: minor(o.total_tax ?? '0', 'total_tax'),
    note: o.customer_message || undefined,
    problems: currency ? problems : ['no currency', ...problems],
  };
}

/** A shipment: POST /orders/{id}/shipments with the order address, tracking and items (order product ids). */
export async function pushBigcommerceShipment(call: ReturnType<typeof bigcommerceApi>, p: ShipmentPush) {
  const addresses = await call<Json[]>('GET', `/orders/${p.order.externalId}/shippingaddresses`);
  const carrier = p.tracking?.carrierCode.split('-').pop() ?? '';
  const provider = ['ups', 'usps', 'fedex', 'auspost', 'canadapost', 'royalmail'].includes(carrier) ? carrier : '';
  const created = await call<Json>('POST', `/orders/${p.order.externalId}/shipments`, {
    order_address_id: addresses[0]?.id,
    tracking_number: p.tracking?.trackingNumbers[0] ?? '',
    shipping_provider: provider,
    ...(provider ? {} : { tracking_carrier: p.tracking?.carrierCode ?? '' }),
    items: p.shipped.map((s) => ({ order_product_id: Number(s.externalLineId), quantity: s.quantity })),
  });
  return { outcome: 'pushed', message: `shipment ${created.id ?? '?'}${p.tracking ? ` tracking ${p.tracking.trackingNumbers.join(', ')}` : ''}` };
}

export async function pushBigcommerceCancel(call: ReturnType<typeof bigcommerceApi>, externalId: string) {
  await call('PUT', `/orders/${externalId}`, { status_id: 5 });
  return { outcome: 'pushed', message: 'status_id 5 (Cancelled)' };
}
