import type { ChannelOrder } from '../../../domain/channels/channel-order.js';
import type { ConnectionRow } from '../channels.repository.js';
import { ChannelApiError } from './shopify-admin.js';

/**
 * WooCommerce REST v3 (`{siteUrl}/wp-json/wc/v3`), HTTP Basic auth with the consumer key and secret
 * (WooCommerce accepts it over HTTPS). Shipments become a customer note with the tracking numbers
 * and, when nothing is left to ship, status `completed`; a cancellation is status `cancelled`.
 */
export function wooRest(conn: ConnectionRow, creds: Record<string, string>, fetchFn: typeof fetch = fetch) {
  const base = `${String((conn.settings as { siteUrl?: string }).siteUrl ?? '').replace(/\/$/, '')}/wp-json/wc/v3`;
  const auth = `Basic ${Buffer.from(`${creds.consumerKey}:${creds.consumerSecret}`).toString('base64')}`;
  return async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchFn(`${base}${path}`, { method, headers: { authorization: auth, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(15_000) });
    } catch (e) {
      throw new ChannelApiError(`WooCommerce did not answer: ${(e as Error).message}`, true);
    }
    const json = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
    if (!res.ok) throw new ChannelApiError(`WooCommerce answered HTTP ${res.status}${json.code ? ` ${json.code}: ${json.message}` : ''}`, res.status === 429 || res.status >= 500);
    return json;
  };
}

export async function pushWooFulfillment(call: ReturnType<typeof wooRest>, order: ChannelOrder, tracking: { carrierCode: string; trackingNumbers: string[] } | null, complete: boolean) {
  const note = tracking ? `Shipped with ${tracking.carrierCode}, tracking ${tracking.trackingNumbers.join(', ')}` : 'Shipped';
  await call('POST', `/orders/${order.externalId}/notes`, { note, customer_note: true });
  if (complete) await call('PUT', `/orders/${order.externalId}`, { status: 'completed' });
  return { outcome: 'pushed', message: `${note}${complete ? '; status completed' : ''}` };
}

export async function pushWooCancel(call: ReturnType<typeof wooRest>, order: ChannelOrder) {
  await call('PUT', `/orders/${order.externalId}`, { status: 'cancelled' });
  return { outcome: 'pushed', message: 'status cancelled' };
}
