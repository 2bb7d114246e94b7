import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { purchaseOrderLines, purchaseOrders, supplierProducts } from '../../platform/db/schema/index.js';
import { validation } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { queryRows } from '../../platform/db/query.js';
import { addDays, localDate } from '../../domain/local-time.js';
import type { PurchaseOrderStatus } from '../../domain/purchasing/po-states.js';
import { requireLocation, requireSkus } from '../inventory/index.js';
import { loadSupplier } from './suppliers.js';
import { getPurchaseOrderJson, loadPurchaseOrder, writePurchaseOrderStatus } from './purchase-orders.repository.js';
import { purchaseOrderCancelled, purchaseOrderCreated, purchaseOrderSent } from './purchasing.events.js';
import type { CreatePurchaseOrderInput, PurchaseOrderJson } from './purchasing.schemas.js';

const nextNumber = async (tx: Db) => {
  const [r] = await queryRows<{ n: string }>(tx, sql`select nextval('purchase_order_number_seq')::text as n`);
  return `PO-${r!.n.padStart(6, '0')}`;
};

export interface NewPurchaseOrder {
  supplierId: string;
  locationCode: string;
  origin: 'manual' | 'reorder';
  expectedOn?: string | undefined;
  note?: string | undefined;
  lines: Array<{ sku: string; quantity: number; unitCost?: number | undefined }>;
}

/** Inserts a draft purchase order in `tx` (supplier, location and SKUs checked; costs default to the supplier's). */
export async function insertPurchaseOrder(tx: Db, ctx: Ctx, input: NewPurchaseOrder): Promise<string> {
  const supplier = await loadSupplier(tx, input.supplierId);
  await requireLocation(tx, input.locationCode);
  const skus = input.lines.map((l) => l.sku);
  await requireSkus(tx, skus, (i) => `lines.${i}.sku`);
  const dup = skus.findIndex((s, i) => skus.indexOf(s) !== i);
  if (dup >= 0) throw validation([{ path: `lines.${dup}.sku`, message: `sku ${skus[dup]} is on the order twice` }]);
  const offers = await tx.select().from(supplierProducts).where(and(eq(supplierProducts.supplierId, supplier.id), inArray(supplierProducts.sku, skus)));
  const errors = input.lines.flatMap((l, i) => (l.unitCost === undefined && !offers.some((o) => o.sku === l.sku) ? [{ path: `lines.${i}.unitCost`, message: `is required: the supplier has no cost for ${l.sku}` }] : []));
  if (errors.length) throw validation(errors);
  const at = ctx.clock.now();
  const today = localDate(at, ctx.timeZone ?? 'UTC');
  const lead = Math.max(0, ...offers.map((o) => o.leadTimeDays));
  const id = ctx.newId();
  const number = await nextNumber(tx);
  await tx.insert(purchaseOrders).values({
    id,
    number,
    supplierId: supplier.id,
    locationCode: input.locationCode,
    status: 'draft',
    currency: supplier.currency,
    origin: input.origin,
    expectedOn: input.expectedOn ?? addDays(today, lead),
    note: input.note ?? null,
    createdAt: at,
    updatedAt: at,
  });
  await tx.insert(purchaseOrderLines).values(
    input.lines.map((l) => ({
      id: ctx.newId(),
      purchaseOrderId: id,
      sku: l.sku,
      quantityOrdered: l.quantity,
      unitCostAmount: l.unitCost !== undefined ? BigInt(l.unitCost) : offers.find((o) => o.sku === l.sku)!.costAmount,
    })),
  );
  await enqueueEvents(tx, { ...ctx, at }, [
    newEvent(purchaseOrderCreated, id, { purchaseOrderId: id, number, supplierId: supplier.id, locationCode: input.locationCode, origin: input.origin, lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) }),
  ]);
  await recordAudit(tx, { ...ctx, at }, { action: 'purchase_order.created', entityType: 'purchase_order', entityId: id, before: null, after: { number, ...input } });
  return id;
}

export async function createPurchaseOrder(ctx: Ctx, input: CreatePurchaseOrderInput, idempotencyKey?: string) {
  return runIdempotent<PurchaseOrderJson>(ctx, { key: idempotencyKey, route: 'POST /purchase-orders', request: input }, async (tx) => {
    const id = await insertPurchaseOrder(tx, ctx, { ...input, origin: 'manual' });
    return { status: 201, body: await getPurchaseOrderJson(tx, id) };
  });
}

/** Sends a draft to its supplier: from now on its quantities are incoming stock. */
export async function sendPurchaseOrder(ctx: Ctx, id: string, input: { expectedOn?: string | undefined } = {}): Promise<PurchaseOrderJson> {
  return ctx.db.transaction(async (tx) => {
    const { po, lines } = await loadPurchaseOrder(tx, id, { lock: true });
    const at = ctx.clock.now();
    await writePurchaseOrderStatus(tx, po, 'sent', at);
    const expectedOn = input.expectedOn ?? po.expectedOn;
    if (input.expectedOn) await tx.update(purchaseOrders).set({ expectedOn: input.expectedOn }).where(eq(purchaseOrders.id, id));
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(purchaseOrderSent, id, { purchaseOrderId: id, number: po.number, supplierId: po.supplierId, locationCode: po.locationCode, expectedOn, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantityOrdered })) }),
    ]);
    await recordAudit(tx, { ...ctx, at }, { action: 'purchase_order.sent', entityType: 'purchase_order', entityId: id, before: { status: po.status }, after: { status: 'sent', expectedOn } });
    return getPurchaseOrderJson(tx, id);
  });
}

export async function cancelPurchaseOrder(ctx: Ctx, id: string, input: { reason?: string | undefined } = {}): Promise<PurchaseOrderJson> {
  return ctx.db.transaction(async (tx) => {
    const { po } = await loadPurchaseOrder(tx, id, { lock: true });
    const at = ctx.clock.now();
    await writePurchaseOrderStatus(tx, po, 'cancelled', at);
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(purchaseOrderCancelled, id, { purchaseOrderId: id, number: po.number, supplierId: po.supplierId, locationCode: po.locationCode, from: po.status as PurchaseOrderStatus, reason: input.reason ?? null }),
    ]);
    await recordAudit(tx, { ...ctx, at }, { action: 'purchase_order.cancelled', entityType: 'purchase_order', entityId: id, before: { status: po.status }, after: { status: 'cancelled', reason: input.reason ?? null } });
    return getPurchaseOrderJson(tx, id);
  });
}
