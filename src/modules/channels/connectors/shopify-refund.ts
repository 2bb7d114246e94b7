import type { ChannelOrder } from '../../../domain/channels/channel-order.js';
import { minorToDecimal } from '../../../domain/exchange/csv.js';
import { decimalToMinor } from '../../../domain/channels/decimal-money.js';
import type { InboundRefund } from '../channel-refunds.js';
import { noteWithKey, type RefundPush, type RefundResult } from './refund-push.js';
import { ChannelApiError, ORDER_REFUNDS, ORDER_TRANSACTIONS, orderGid, REFUND_CREATE, type OrderRefundsData, type OrderTransactionsData, type ShopifyAdmin, type UserErrors } from './shopify-admin.js';

/**
 * Creates a Shopify refund (GraphQL `refundCreate`) for money Ordo settled on a return: the returned
 * line items (NO_RESTOCK: Ordo restocked the goods itself; Shopify's stock follows the availability
 * push) and one REFUND transaction against the order's successful sale or capture, which Shopify
 * requires as `parentId` with its gateway. Returns Shopify's refund id.
 *
 * Idempotent: the refund's note ends with `[<key>]`; the order's refunds are read first and one
 * already carrying the key is returned (`already`) instead of refunding again.
 */
export async function pushShopifyRefund(api: ShopifyAdmin, p: RefundPush): Promise<RefundResult> {
  const orderId = orderGid(p.order.externalId);
  const existing = await api.graphql<OrderRefundsData>(ORDER_REFUNDS, { id: orderId });
  const mine = existing.order?.refunds.find((r) => (r.note ?? '').includes(`[${p.key}]`));
  if (mine) {
    const id = mine.id.replace('gid://shopify/Refund/', '');
    return { outcome: 'already', message: `refund ${id} already on Shopify (${p.key})`, externalRefundId: id };
  }
  const data = await api.graphql<OrderTransactionsData>(ORDER_TRANSACTIONS, { id: orderId });
  if (!data.order) throw new ChannelApiError(`Shopify has no order ${p.order.externalId}`, false);
  const parent = data.order.transactions.find((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS');
  if (!parent) throw new ChannelApiError(`Shopify order ${p.order.externalId} has no successful sale or capture to refund`, false);
  const amount = minorToDecimal(p.amount, p.currency);
  const out = await api.graphql<{ refundCreate: UserErrors & { refund: { id: string } | null } }>(REFUND_CREATE, {
    input: {
      orderId,
      note: noteWithKey(p.note, p.key),
      notify: true,
      refundLineItems: p.lines.map((l) => ({ lineItemId: `gid://shopify/LineItem/${l.externalLineId}`, quantity: l.quantity, restockType: 'NO_RESTOCK' })),
      transactions: [{ orderId, gateway: parent.gateway, kind: 'REFUND', amount, parentId: parent.id }],
    },
  });
  if (out.refundCreate.userErrors?.length || !out.refundCreate.refund) {
    throw new ChannelApiError(`Shopify refused: ${(out.refundCreate.userErrors ?? []).map((e) => `${(e.field ?? []).join('.')} ${e.message}`).join('; ') || 'no refund returned'}`, false);
  }
  const id = out.refundCreate.refund.id.replace('gid://shopify/Refund/', '');
  return { outcome: 'pushed', message: `refund ${id} of ${amount} ${p.currency}`, externalRefundId: id };
}

/**
 * A Shopify `refunds/create` webhook body (the REST Refund resource) as an inbound refund: the money
 * is the sum of its successful `refund` transactions (exact minor units), the lines its
 * refund_line_items. Null when the body is not a refund Ordo can read.
 */
export function shopifyRefundToInbound(body: Record<string, unknown>): InboundRefund | null {
  const b = body as { id?: number | string; order_id?: number | string; note?: string | null; refund_line_items?: Array<{ line_item_id: number | string; quantity: number }>; transactions?: Array<{ kind?: string; status?: string; amount?: string; currency?: string }> };
  if (b.id === undefined || b.order_id === undefined) return null;
  const money = (b.transactions ?? []).filter((t) => t.kind === 'refund' && t.status === 'success');
  const currency = money[0]?.currency ?? '';
  let amount = 0n;
  for (const t of money) {
    const minor = decimalToMinor(t.amount, currency);
    if (minor === null || t.currency !== currency) return null;
    amount += minor;
  }
  return {
    externalRefundId: String(b.id),
    externalOrderId: String(b.order_id),
    amount,
    currency: currency || 'XXX',
    lines: (b.refund_line_items ?? []).map((l) => ({ externalLineId: String(l.line_item_id), quantity: l.quantity })),
    note: b.note ?? null,
  };
}
