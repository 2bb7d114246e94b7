import type { Db } from '../../platform/db/client.js';
import { findProductsBySkus } from '../catalog/index.js';
import { loadOrder, lineQuantities, orderDeliveredAt } from '../orders/index.js';
import { lastShipmentDeliveredAt } from '../shipping/index.js';
import { lineEligibility, type LineEligibility, type ReturnPolicy } from '../../domain/returns/return-policy.js';
import type { OrderValueFacts } from '../../domain/payments/order-value.js';
import { claimedByLine } from './returns.repository.js';
import { getReturnPolicy } from './return-policy-settings.js';

const later = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);

/**
 * Everything a return decision needs about one order, read with `db` (a transaction that locked the
 * order row, when creating a return): the order, its lines, the policy and each line's eligibility.
 */
export async function returnFacts(db: Db, orderId: string, now: Date, opts: { lock?: boolean; policy?: ReturnPolicy } = {}) {
  const { order, lines } = await loadOrder(db, orderId, { lock: opts.lock ?? false });
  const policy = opts.policy ?? (await getReturnPolicy(db));
  const products = await findProductsBySkus(db, [...new Set(lines.map((l) => l.sku))]);
  const claimed = await claimedByLine(db, orderId);
  const deliveredAt = later(await orderDeliveredAt(db, orderId), await lastShipmentDeliveredAt(db, orderId));
  const eligibility: LineEligibility[] = lines.map((l) =>
    lineEligibility(
      policy,
      order.channel,
      {
        lineId: l.id,
        sku: l.sku,
        returnable: products.get(l.sku)?.returnable ?? true,
        delivered: l.quantityDelivered,
        claimed: claimed.get(l.id) ?? 0,
        deliveredAt: l.quantityDelivered > 0 ? deliveredAt : null,
      },
      now,
    ),
  );
  const valueFacts: OrderValueFacts = {
    currency: order.currency,
    shipping: order.shippingAmount,
    tax: order.taxAmount,
    discount: order.discountAmount,
    lines: lines.map((l) => ({ id: l.id, lineTotal: l.lineTotalAmount, ...pick(lineQuantities(l)) })),
  };
  return { order, lines, policy, claimed, deliveredAt, eligibility, valueFacts };
}

const pick = (q: ReturnType<typeof lineQuantities>) => ({ ordered: q.ordered, cancelled: q.cancelled, shipped: q.shipped });

export async function getEligibility(db: Db, orderId: string, now: Date) {
  const f = await returnFacts(db, orderId, now);
  return { orderId: f.order.id, orderNumber: f.order.number, deliveredAt: f.deliveredAt?.toISOString() ?? null, lines: f.eligibility };
}
