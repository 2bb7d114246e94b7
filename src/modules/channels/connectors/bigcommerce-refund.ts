import { minorToDecimal } from '../../../domain/exchange/csv.js';
import { decimalToMinor } from '../../../domain/channels/decimal-money.js';
import { allocate, money } from '../../../domain/money.js';
import { noteWithKey, type RefundPush, type RefundResult } from './refund-push.js';
import type { InboundRefund } from '../channel-refunds.js';
import type { bigcommerceApi } from './bigcommerce.js';
import { ChannelApiError } from './shopify-admin.js';

type Method = { provider_id: string; provider_description?: string; amount: number; offline: boolean; offline_provider?: boolean; offline_reason?: string };
type Quote = { order_id: number; total_refund_amount: number; total_refund_tax_amount: number; rounding: number; adjustment: number; tax_inclusive: boolean; refund_methods: Method[][] };
type Refund = { id: number; order_id: number; reason?: string; total_amount: number; items: Array<{ item_type: string; item_id: number; quantity?: number; reason?: string }> };

/**
 * A BigCommerce refund through the V3 payment actions: a refund quote for the returned order products
 * (`PRODUCT` items by order product id and quantity) gives the refund methods; the refund is then
 * created with the same items and the best method offered (below), its payments
 * carrying Ordo's amount (a JSON number rounded to 2 places, as BigCommerce takes it, spread over the
 * method's providers in proportion). When Ordo's amount differs from the quote (restocking fees),
 * `merchant_calculated_override` states the total. Each item's `reason` ends with `[<key>]`.
 *
 * Idempotent: the order's refunds (`GET …/payment_actions/refunds`) are read first; one whose items
 * carry the key is returned (`already`).
 */
export async function pushBigcommerceRefund(call: ReturnType<typeof bigcommerceApi>, p: RefundPush): Promise<RefundResult> {
  const base = `/orders/${p.order.externalId}/payment_actions`;
  const existing = await call<{ data: Refund[] }>('GET', `${base}/refunds`);
  const tag = `[${p.key}]`;
  const mine = (existing.data ?? []).find((r) => (r.reason ?? '').includes(tag) || r.items?.some((i) => (i.reason ?? '').includes(tag)));
  if (mine) return { outcome: 'already', message: `refund ${mine.id} already on BigCommerce (${p.key})`, externalRefundId: String(mine.id) };
  const reason = noteWithKey(p.note, p.key);
  const items = p.lines.map((l) => ({ item_type: 'PRODUCT', item_id: Number(l.externalLineId), quantity: l.quantity, reason }));
  const quote = (await call<{ data: Quote }>('POST', `${base}/refund_quotes`, { items: items.map(({ reason: _r, ...i }) => i) })).data;
  const options = quote.refund_methods ?? [];
  // Money back the way it was paid: an online provider (the card's gateway) first, else the order's
  // offline payment (the merchant pays it out), store credit only when nothing else is offered.
  const rank = (o: Method[]) => (o.some((m) => m.provider_id === 'storecredit') ? 2 : o.every((m) => !m.offline) ? 0 : 1);
  const method = options.filter((o) => o.length > 0).sort((a, b) => rank(a) - rank(b))[0];
  if (!method?.length) throw new ChannelApiError(`BigCommerce offers no refund method for order ${p.order.externalId}`, false);
  const weights = method.map((m) => decimalToMinor(String(m.amount), p.currency) ?? 0n);
  const shares = allocate(money(p.amount, p.currency), weights);
  const payments = method.map((m, i) => ({ provider_id: m.provider_id, amount: Number(minorToDecimal(shares[i]!.amount, p.currency)), offline: m.offline }));
  const quoted = decimalToMinor(String(quote.total_refund_amount), p.currency);
  const total = Number(minorToDecimal(p.amount, p.currency));
  const created = (
    await call<{ data: Refund }>('POST', `${base}/refunds`, {
      items,
      payments,
      ...(quoted === p.amount ? {} : { merchant_calculated_override: { total_amount: total, total_tax: 0 } }),
    })
  ).data;
  return { outcome: 'pushed', message: `refund ${created.id} of ${minorToDecimal(p.amount, p.currency)} ${p.currency} via ${payments.map((x) => x.provider_id).join(', ')}`, externalRefundId: String(created.id) };
}

/**
 * A refund made in BigCommerce (webhook `store/order/refund/created`, thin: order id and refund id)
 * as an inbound refund: the order's refunds are read (V3) for its amount and items, the order (V2)
 * for its currency. Null when BigCommerce does not list that refund.
 */
export async function fetchBigcommerceRefund(v2: ReturnType<typeof bigcommerceApi>, v3: ReturnType<typeof bigcommerceApi>, orderId: string, refundId: string): Promise<InboundRefund | null> {
  const [list, order] = await Promise.all([v3<{ data: Refund[] }>('GET', `/orders/${orderId}/payment_actions/refunds`), v2<{ currency_code?: string }>('GET', `/orders/${orderId}`)]);
  const r = (list.data ?? []).find((x) => String(x.id) === refundId);
  const currency = String(order.currency_code ?? '');
  const amount = r ? decimalToMinor(String(r.total_amount), currency) : null;
  if (!r || amount === null) return null;
  const reasons = [r.reason, ...(r.items ?? []).map((i) => i.reason)].filter((x): x is string => Boolean(x));
  return {
    externalRefundId: String(r.id),
    externalOrderId: orderId,
    amount,
    currency,
    lines: (r.items ?? []).filter((i) => i.item_type === 'PRODUCT').map((i) => ({ externalLineId: String(i.item_id), quantity: i.quantity ?? 0 })),
    note: [...new Set(reasons)].join('; ') || null,
  };
}
