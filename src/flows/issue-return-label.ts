import type { Ctx } from '../platform/context.js';
import { findProductsBySkus } from '../modules/catalog/index.js';
import { getLocation } from '../modules/locations/index.js';
import { loadOrder } from '../modules/orders/index.js';
import { issueReturnLabel } from '../modules/shipping/index.js';
import { attachReturnLabel, getReturnJson, loadReturn, moveReturnInTx, type ReturnJson } from '../modules/returns/index.js';

/**
 * Issues the return label of an approved return (one transaction): from the order's shipping address
 * to the receiving location, through the shipping module's built-in carrier; the label's barcode
 * carries the tracking number and its reference the return number. The return moves to label_issued.
 */
export async function issueLabelForReturn(ctx: Ctx, input: { returnId: string; carrier: string; locationCode: string }): Promise<ReturnJson> {
  await ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const { ret, lines } = await loadReturn(tx, input.returnId, { lock: true });
    const { order } = await loadOrder(tx, ret.orderId);
    const location = await getLocation(tx, input.locationCode);
    const products = await findProductsBySkus(tx, lines.map((l) => l.sku));
    const weightGrams = lines.reduce((s, l) => s + (products.get(l.sku)?.weightGrams ?? 500) * l.quantity, 0);
    await moveReturnInTx(tx, ctx, { returnId: ret.id, to: 'label_issued', reason: `label via ${input.carrier} to ${input.locationCode}` });
    const label = await issueReturnLabel(tx, { carrierCode: input.carrier, from: order.shippingAddress, fromName: order.customerName, to: location.address, toName: location.name, weightGrams, reference: ret.number });
    await attachReturnLabel(tx, ret.id, { ...label, locationCode: input.locationCode, at });
  });
  return getReturnJson(ctx.db, input.returnId);
}
