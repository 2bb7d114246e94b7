import { decimalToMinor } from '../../../domain/channels/decimal-money.js';
import type { ChannelOrder } from '../../../domain/channels/channel-order.js';
import type { ConnectionRow } from '../channels.repository.js';
import { ChannelApiError } from './shopify-admin.js';

type Json = Record<string, any>;

/**
 * Amazon Selling Partner API (Orders v0) for one connection. Access tokens come from Login with
 * Amazon (`POST {lwaUrl}` grant_type=refresh_token) and are cached until a minute before they
 * expire; a 401/403 `Unauthorized` (expired or revoked token) refreshes once and retries.
 * Settings: `marketplaceIds` (comma-separated), `apiBase` (default the North America endpoint),
 * `lwaUrl` (default https://api.amazon.com/auth/o2/token).
 */
export function amazonSpApi(conn: ConnectionRow, creds: Record<string, string>, fetchFn: typeof fetch = fetch) {
  const s = conn.settings as { apiBase?: string; lwaUrl?: string; marketplaceIds?: string };
  const base = (s.apiBase ?? 'https://sellingpartnerapi-na.amazon.com').replace(/\/$/, '');
  const marketplaceIds = String(s.marketplaceIds ?? 'ATVPDKIKX0DER');

  const tokenOf = async (force: boolean): Promise<string> => {
    const cached = tokens.get(conn.id);
    if (!force && cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
    let res: Response;
    try {
      res = await fetchFn(s.lwaUrl ?? 'https://api.amazon.com/auth/o2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.refreshToken!, client_id: creds.lwaClientId!, client_secret: creds.lwaClientSecret! }).toString(),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new ChannelApiError(`Login with Amazon did not answer: ${(e as Error).message}`, true);
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!res.ok || !body.access_token) throw new ChannelApiError(`Login with Amazon refused the refresh token: ${body.error ?? res.status} ${body.error_description ?? ''}`.trim(), res.status >= 500);
    tokens.set(conn.id, { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 });
    return body.access_token;
  };

  async function call<T>(method: 'GET' | 'POST', path: string, query: Record<string, string> = {}, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await tokenOf(attempt > 0);
      const qs = new URLSearchParams(query).toString();
      let res: Response;
      try {
        res = await fetchFn(`${base}${path}${qs ? `?${qs}` : ''}`, {
          method,
          headers: { 'x-amz-access-token': token, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (e) {
        throw new ChannelApiError(`Amazon SP-API did not answer: ${(e as Error).message}`, true);
      }
      if (res.status === 204) return undefined as T;
      const json = (await res.json().catch(() => ({}))) as T & { errors?: Array<{ code: string; message: string }> };
      if ((res.status === 401 || res.status === 403) && attempt === 0 && json.errors?.some((e) => e.code === 'Unauthorized')) continue;
      if (!res.ok) throw new ChannelApiError(`Amazon SP-API answered HTTP ${res.status}: ${(json.errors ?? []).map((e) => `${e.code} ${e.message}`).join('; ')}`, res.status === 429 || res.status >= 500);
      return json;
    }
  }

  return {
    marketplaceIds,
    /** Orders updated after `since`, following NextToken to the last page. */
    async *ordersUpdatedSince(since: string): AsyncGenerator<Json> {
      let next: string | undefined;
      do {
        const q: Record<string, string> = next ? { MarketplaceIds: marketplaceIds, NextToken: next } : { MarketplaceIds: marketplaceIds, LastUpdatedAfter: since };
        const page = await call<{ payload: { Orders: Json[]; NextToken?: string } }>('GET', '/orders/v0/orders', q);
        for (const o of page.payload.Orders ?? []) yield o;
        next = page.payload.NextToken;
      } while (next);
    },
    async orderItems(orderId: string): Promise<Json[]> {
      const items: Json[] = [];
      let next: string | undefined;
      do {
        const page = await call<{ payload: { OrderItems: Json[]; NextToken?: string } }>('GET', `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems`, next ? { NextToken: next } : {});
        items.push(...(page.payload.OrderItems ?? []));
        next = page.payload.NextToken;
      } while (next);
      return items;
    },
    /** confirmShipment: 204 No Content on success. */
    confirmShipment: (orderId: string, body: Json) => call<void>('POST', `/orders/v0/orders/${encodeURIComponent(orderId)}/shipmentConfirmation`, {}, body),
    /** Feeds API 2021-06-30 createFeedDocument: where to upload a feed's content (a presigned URL). */
    createFeedDocument: (contentType: string) => call<{ feedDocumentId: string; url: string }>('POST', '/feeds/2021-06-30/documents', {}, { contentType }),
    /** Uploads the content to the presigned URL (no SP-API token: the URL is the authorization). */
    async uploadFeedDocument(url: string, contentType: string, content: string): Promise<void> {
      let res: Response;
      try {
        res = await fetchFn(url, { method: 'PUT', headers: { 'content-type': contentType }, body: content, signal: AbortSignal.timeout(30_000) });
      } catch (e) {
        throw new ChannelApiError(`Amazon feed document upload did not answer: ${(e as Error).message}`, true);
      }
      // A presigned URL expires (5 minutes): a refusal is retried with a new document.
      if (!res.ok) throw new ChannelApiError(`Amazon feed document upload answered HTTP ${res.status}`, true);
    },
    /** createFeed: 202 with the feed id; Amazon processes it later. */
    createFeed: (body: { feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string }) => call<{ feedId: string }>('POST', '/feeds/2021-06-30/feeds', {}, body),
    /** getFeeds of some types created since a time (one page of up to 100). */
    getFeeds: (query: { feedTypes: string; marketplaceIds: string; createdSince: string }) =>
      call<{ feeds: Array<{ feedId: string; feedType: string; createdTime: string; processingStatus: string }>; nextToken?: string }>('GET', '/feeds/2021-06-30/feeds', { ...query, pageSize: '100' }),
  };
}

/** Access tokens per connection (process memory; a restart simply refreshes). */
const tokens = new Map<string, { token: string; expiresAt: number }>();

/**
 * An SP-API order and its items → a normalized channel order. `ItemPrice` is the price of the whole
 * quantity, so the unit price is ItemPrice / QuantityOrdered (exactly, or the order is held). PII
 * (buyer email, address) is only returned once the order is Unshipped and the app has the role; an
 * order without it is held for data until a later version carries it.
 */
export function amazonOrderToChannelOrder(o: Json, items: Json[]): ChannelOrder {
  const currency = String(o.OrderTotal?.CurrencyCode ?? items.find((i) => i.ItemPrice)?.ItemPrice?.CurrencyCode ?? '');
  const problems: string[] = [];
  const minor = (m: Json | undefined, what: string): bigint => {
    if (!m) return 0n;
    if (m.CurrencyCode && m.CurrencyCode !== currency) problems.push(`${what} is in ${m.CurrencyCode}, the order in ${currency}`);
    const v = decimalToMinor(m.Amount, currency || 'USD');
    if (v === null) problems.push(`${what} ${m.Amount} is not an exact ${currency} amount`);
    return v ?? 0n;
  };
  let shipping = 0n;
  let discount = 0n;
  let tax = 0n;
  const lines = items.map((it, i) => {
    const qty = Number(it.QuantityOrdered ?? 0);
    const total = minor(it.ItemPrice, `OrderItems.${i}.ItemPrice`);
    if (qty > 0 && total % BigInt(qty) !== 0n) problems.push(`OrderItems.${i}.ItemPrice does not divide into ${qty} equal unit prices`);
    shipping += minor(it.ShippingPrice, `OrderItems.${i}.ShippingPrice`) - minor(it.ShippingDiscount, `OrderItems.${i}.ShippingDiscount`);
    discount += minor(it.PromotionDiscount, `OrderItems.${i}.PromotionDiscount`);
    tax += minor(it.ItemTax, `OrderItems.${i}.ItemTax`) + minor(it.ShippingTax, `OrderItems.${i}.ShippingTax`);
    return { externalLineId: String(it.OrderItemId), externalSku: String(it.SellerSKU ?? ''), name: String(it.Title ?? it.SellerSKU ?? ''), quantity: qty, unitPrice: (qty > 0 ? total / BigInt(qty) : 0n).toString() };
  });
  const a = o.ShippingAddress as Json | undefined;
  return {
    externalId: String(o.AmazonOrderId),
    externalName: String(o.AmazonOrderId),
    updatedAt: new Date(String(o.LastUpdateDate)).toISOString(),
    cancelled: o.OrderStatus === 'Canceled',
    currency,
    email: o.BuyerInfo?.BuyerEmail ?? null,
    customerName: o.BuyerInfo?.BuyerName ?? a?.Name ?? null,
    shippingAddress:
      a && a.AddressLine1 && a.City && a.CountryCode
        ? { name: a.Name ?? undefined, line1: String(a.AddressLine1), line2: a.AddressLine2 ?? undefined, city: String(a.City), region: a.StateOrRegion ?? undefined, postalCode: String(a.PostalCode ?? ''), country: String(a.CountryCode), phone: a.Phone ?? undefined }
        : null,
    lines,
    shipping: shipping.toString(),
    discount: discount.toString(),
    tax: tax.toString(),
    problems: currency ? problems : ['no currency', ...problems],
  };
}
