import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { purchaseOrderLines } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { statusAfterReceipt } from '../../domain/purchasing/po-states.js';
import { findProductByGtin } from '../catalog/index.js';
import { receiveStockInTx } from '../inventory/index.js';
import { getPurchaseOrderJson, loadPurchaseOrder, writePurchaseOrderStatus } from './purchase-orders.repository.js';
import { purchaseOrderReceived } from './purchasing.events.js';
import type { PurchaseOrderJson, ReceiveInput } from './purchasing.schemas.js';

/**
 * A delivery of a sent purchase order, scanned line by line (GTIN or SKU): each line's received quantity grows,
 * inventory gets a `receipt` movement per SKU at the order's location (available rises; the sourcing handler then
 * allocates waiting backorders), and the status becomes partially_received or received — one transaction.
 * A code not on the order or more than is outstanding is refused (422 naming the line), nothing written.
 */
export async function receivePurchaseOrder(ctx: Ctx, id: string, input: ReceiveInput, idempotencyKey?: string) {
  return runIdempotent<PurchaseOrderJson>(ctx, { key: idempotencyKey, route: `POST /purchase-orders/${id}/receive`, request: input }, async (tx) => {
    const { po, lines } = await loadPurchaseOrder(tx, id, { lock: true });
    if (po.status !== 'sent' && po.status !== 'partially_received') {
      throw new AppError('illegal_transition', `Purchase order ${po.number} is ${po.status}: only sent orders can be received`, { from: po.status, to: 'received' });
    }
    const bySku = new Map<string, number>();
    const firstIndex = new Map<string, number>();
    const errors: Array<{ path: string; message: string }> = [];
    for (const [i, l] of input.lines.entries()) {
      let line = lines.find((x) => x.sku === l.code);
      if (!line && /^\d{8,14}$/.test(l.code)) {
        const product = (await findProductByGtin(tx, l.code)) ?? (await findProductByGtin(tx, l.code.padStart(14, '0')));
        line = product ? lines.find((x) => x.sku === product.sku) : undefined;
      }
      if (!line) {
        errors.push({ path: `lines.${i}.code`, message: `${l.code} is not on purchase order ${po.number}` });
        continue;
      }
      bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + l.quantity);
      if (!firstIndex.has(line.sku)) firstIndex.set(line.sku, i);
    }
    for (const [sku, q] of bySku) {
      const line = lines.find((x) => x.sku === sku)!;
      const outstanding = line.quantityOrdered - line.quantityReceived;
      if (q > outstanding) errors.push({ path: `lines.${firstIndex.get(sku)}.quantity`, message: `${q} × ${sku} is more than the ${outstanding} outstanding` });
    }
    if (errors.length) throw new AppError('business_rule', `The delivery does not match purchase order ${po.number}`, { errors });
    const at = ctx.clock.now();
    for (const [sku, q] of bySku) {
      const line = lines.find((x) => x.sku === sku)!;
      await tx.update(purchaseOrderLines).set({ quantityReceived: sql`${purchaseOrderLines.quantityReceived} + ${q}` }).where(eq(purchaseOrderLines.id, line.id));
      line.quantityReceived += q;
      await receiveStockInTx(tx, ctx, { sku, locationCode: po.locationCode, quantity: q, referenceType: 'purchase_order', referenceId: po.id, note: input.note ?? `${po.number} received` });
    }
    const to = statusAfterReceipt(lines.map((l) => ({ ordered: l.quantityOrdered, received: l.quantityReceived })));
    await writePurchaseOrderStatus(tx, po, to, at);
    const received = [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(purchaseOrderReceived, po.id, { purchaseOrderId: po.id, number: po.number, supplierId: po.supplierId, locationCode: po.locationCode, status: to, lines: received })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'purchase_order.received', entityType: 'purchase_order', entityId: po.id, before: { status: po.status }, after: { status: to, lines: received } });
    return { status: 200, body: await getPurchaseOrderJson(tx, po.id) };
  });
}
