import { minorToDecimal } from '../../../domain/exchange/csv.js';
import { noteWithKey, type RefundPush, type RefundResult } from './refund-push.js';
import type { wooRest } from './woocommerce-push.js';
import { ChannelApiError } from './shopify-admin.js';

type WooRefund = { id: number; amount: string; reason: string; refunded_payment: boolean; meta_data: Array<{ key: string; value: unknown }> };

/** The refund meta key carrying Ordo's idempotency key (no leading underscore: WooCommerce's REST hides protected meta). */
export const WOO_REFUND_KEY_META = 'ordo_refund_key';

/**
 * A WooCommerce refund (`POST /orders/{id}/refunds`) for a return settled in Ordo: `amount` (decimal
 * string; it takes precedence over line totals), the returned line items with `quantity` and
 * `refund_total` (each line's share; Ordo's return value excludes tax, so no `refund_tax` is sent),
 * `api_restock: false` (Ordo restocked the goods itself) and `api_refund` = the connection's
 * `refundViaGateway` (default true: the payment gateway gives the money back; false records a manual
 * refund the merchant pays out). The key is in the refund's `meta_data` and `reason`.
 *
 * Idempotent: the order's refunds are listed first; one carrying the key is returned (`already`).
 */
export async function pushWooRefund(call: ReturnType<typeof wooRest>, p: RefundPush, viaGateway: boolean): Promise<RefundResult> {
  const path = `/orders/${p.order.externalId}/refunds`;
  const existing = await call<WooRefund[]>('GET', `${path}?per_page=100`);
  const mine = existing.find((r) => r.meta_data?.some((m) => m.key === WOO_REFUND_KEY_META && m.value === p.key) || r.reason?.includes(`[${p.key}]`));
  if (mine) return { outcome: 'already', message: `refund ${mine.id} already on WooCommerce (${p.key})`, externalRefundId: String(mine.id) };
  const amount = minorToDecimal(p.amount, p.currency);
  const created = await call<WooRefund>('POST', path, {
    amount,
    reason: noteWithKey(p.note, p.key),
    api_refund: viaGateway,
    api_restock: false,
    line_items: p.lines.map((l) => ({ id: Number(l.externalLineId), quantity: l.quantity, refund_total: minorToDecimal(l.amount, p.currency) })),
    meta_data: [{ key: WOO_REFUND_KEY_META, value: p.key }],
  }).catch((e: unknown) => {
    // Woo answers a refund it will not make (gateway without refunds, amount above what is left) with
    // HTTP 500 and this code, after deleting the refund it started: a refusal, not worth retrying.
    if (e instanceof ChannelApiError && e.message.includes('woocommerce_rest_cannot_create_order_refund')) throw new ChannelApiError(e.message, false);
    throw e;
  });
  return { outcome: 'pushed', message: `refund ${created.id} of ${amount} ${p.currency}${created.refunded_payment ? ' through the gateway' : ''}`, externalRefundId: String(created.id) };
}
