import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { purchaseOrderLines, purchaseOrders, suppliers } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js';
import { canPurchaseOrderTransition, purchaseOrderTransitions, type PurchaseOrderStatus } from '../../domain/purchasing/po-states.js';
import type { PurchaseOrderJson, purchaseOrdersQuery } from './purchasing.schemas.js';
import type { z } from 'zod';

export type PurchaseOrderRow = typeof purchaseOrders.$inferSelect;
export type PurchaseOrderLineRow = typeof purchaseOrderLines.$inferSelect;

export async function loadPurchaseOrder(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<{ po: PurchaseOrderRow; lines: PurchaseOrderLineRow[] }> {
  const q = db.select().from(purchaseOrders).where(eq(purchaseOrders.id, id));
  const [po] = opts.lock ? await q.for('update') : await q;
  if (!po) throw notFound('Purchase order', id);
  const lines = await db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, id)).orderBy(asc(purchaseOrderLines.sku));
  return { po, lines };
}

export function toPurchaseOrderJson(po: PurchaseOrderRow, lines: PurchaseOrderLineRow[], supplierName: string): PurchaseOrderJson {
  const money = (amount: bigint) => ({ amount: Number(amount), currency: po.currency });
  return {
    id: po.id,
    number: po.number,
    supplierId: po.supplierId,
    supplierName,
    locationCode: po.locationCode,
    status: po.status as PurchaseOrderStatus,
    origin: po.origin as 'manual' | 'reorder',
    currency: po.currency,
    expectedOn: po.expectedOn,
    note: po.note,
    total: money(lines.reduce((s, l) => s + l.unitCostAmount * BigInt(l.quantityOrdered), 0n)),
    lines: lines.map((l) => ({ id: l.id, sku: l.sku, quantityOrdered: l.quantityOrdered, quantityReceived: l.quantityReceived, outstanding: l.quantityOrdered - l.quantityReceived, unitCost: money(l.unitCostAmount) })),
    sentAt: po.sentAt?.toISOString() ?? null,
    receivedAt: po.receivedAt?.toISOString() ?? null,
    createdAt: po.createdAt.toISOString(),
    updatedAt: po.updatedAt.toISOString(),
  };
}

export async function getPurchaseOrderJson(db: Db, id: string): Promise<PurchaseOrderJson> {
  const { po, lines } = await loadPurchaseOrder(db, id);
  const [s] = await db.select({ name: suppliers.name }).from(suppliers).where(eq(suppliers.id, po.supplierId));
  return toPurchaseOrderJson(po, lines, s?.name ?? '');
}

export async function listPurchaseOrders(db: Db, q: z.output<typeof purchaseOrdersQuery>): Promise<{ items: PurchaseOrderJson[]; nextCursor: string | null }> {
  const conds = [];
  if (q.status) conds.push(eq(purchaseOrders.status, q.status));
  if (q.supplierId) conds.push(eq(purchaseOrders.supplierId, q.supplierId));
  if (q.locationCode) conds.push(eq(purchaseOrders.locationCode, q.locationCode));
  const after = decodeCursor(q.cursor);
  if (after) {
    const [at, id] = after as [string, string];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) {
      throw new AppError('validation_failed', 'The cursor is not one this API returned', { errors: [{ path: 'cursor', message: 'is not a nextCursor from a previous page' }] });
    }
    conds.push(or(lt(purchaseOrders.createdAt, new Date(at)), and(eq(purchaseOrders.createdAt, new Date(at)), lt(purchaseOrders.id, id))));
  }
  const rows = await db
    .select({ po: purchaseOrders, supplierName: suppliers.name })
    .from(purchaseOrders)
    .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(purchaseOrders.createdAt), desc(purchaseOrders.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const lines = page.length ? await db.select().from(purchaseOrderLines).where(inArray(purchaseOrderLines.purchaseOrderId, page.map((r) => r.po.id))).orderBy(asc(purchaseOrderLines.sku)) : [];
  const last = page.at(-1);
  return {
    items: page.map((r) => toPurchaseOrderJson(r.po, lines.filter((l) => l.purchaseOrderId === r.po.id), r.supplierName)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.po.createdAt.toISOString(), last.po.id]) : null,
  };
}

/** The only writer of a purchase order's status: checks the state table (409 illegal_transition otherwise). */
export async function writePurchaseOrderStatus(tx: Db, po: PurchaseOrderRow, to: PurchaseOrderStatus, at: Date): Promise<void> {
  const from = po.status as PurchaseOrderStatus;
  if (!canPurchaseOrderTransition(from, to)) {
    const allowed = purchaseOrderTransitions[from];
    throw new AppError('illegal_transition', `Purchase order ${po.number} cannot go from ${from} to ${to}; allowed: ${allowed.join(', ') || 'none'}`, { from, to, allowed });
  }
  await tx
    .update(purchaseOrders)
    .set({ status: to, updatedAt: at, ...(to === 'sent' ? { sentAt: at } : {}), ...(to === 'received' ? { receivedAt: at } : {}) })
    .where(eq(purchaseOrders.id, po.id));
}

/** Outstanding units of sent purchase orders per (sku, location): stock on its way. */
export async function incomingUnits(db: Db, filter: { skus?: string[] } = {}): Promise<Map<string, number>> {
  const rows = await db
    .select({ sku: purchaseOrderLines.sku, loc: purchaseOrders.locationCode, units: sql<string>`sum(${purchaseOrderLines.quantityOrdered} - ${purchaseOrderLines.quantityReceived})::text` })
    .from(purchaseOrderLines)
    .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
    .where(and(inArray(purchaseOrders.status, ['sent', 'partially_received']), filter.skus ? inArray(purchaseOrderLines.sku, filter.skus) : undefined))
    .groupBy(purchaseOrderLines.sku, purchaseOrders.locationCode);
  return new Map(rows.map((r) => [`${r.sku}@${r.loc}`, Number(r.units)]));
}

/** The earliest expected arrival of outstanding units of `sku` (any location), or null: what a backorder waits for. */
export async function expectedRestock(db: Db, sku: string): Promise<{ locationCode: string; expectedOn: string } | null> {
  const [r] = await db
    .select({ locationCode: purchaseOrders.locationCode, expectedOn: purchaseOrders.expectedOn })
    .from(purchaseOrderLines)
    .innerJoin(purchaseOrders, eq(purchaseOrders.id, purchaseOrderLines.purchaseOrderId))
    .where(and(eq(purchaseOrderLines.sku, sku), inArray(purchaseOrders.status, ['sent', 'partially_received']), sql`${purchaseOrderLines.quantityReceived} < ${purchaseOrderLines.quantityOrdered}`, sql`${purchaseOrders.expectedOn} is not null`))
    .orderBy(asc(purchaseOrders.expectedOn))
    .limit(1);
  return r?.expectedOn ? { locationCode: r.locationCode, expectedOn: r.expectedOn } : null;
}
