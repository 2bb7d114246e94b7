import { asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { supplierProducts, suppliers } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { requireSku } from '../inventory/index.js';
import { supplierSaved } from './purchasing.events.js';
import type { CreateSupplierInput, SupplierJson, supplierProductBody, updateSupplierBody } from './purchasing.schemas.js';
import type { z } from 'zod';

type SupplierRow = typeof suppliers.$inferSelect;
type SupplierProductRow = typeof supplierProducts.$inferSelect;

const toJson = (s: SupplierRow, products: SupplierProductRow[]): SupplierJson => ({
  id: s.id,
  code: s.code,
  name: s.name,
  email: s.email,
  currency: s.currency,
  products: products.map((p) => ({ sku: p.sku, supplierSku: p.supplierSku, leadTimeDays: p.leadTimeDays, moq: p.moq, packSize: p.packSize, cost: { amount: Number(p.costAmount), currency: s.currency } })),
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export async function loadSupplier(db: Db, id: string): Promise<SupplierRow> {
  const [s] = await db.select().from(suppliers).where(eq(suppliers.id, id));
  if (!s) throw notFound('Supplier', id);
  return s;
}

export async function getSupplier(db: Db, id: string): Promise<SupplierJson> {
  const s = await loadSupplier(db, id);
  const products = await db.select().from(supplierProducts).where(eq(supplierProducts.supplierId, id)).orderBy(asc(supplierProducts.sku));
  return toJson(s, products);
}

export async function listSuppliers(db: Db): Promise<SupplierJson[]> {
  const rows = await db.select().from(suppliers).orderBy(asc(suppliers.code)).limit(1000);
  const products = rows.length ? await db.select().from(supplierProducts).where(inArray(supplierProducts.supplierId, rows.map((r) => r.id))).orderBy(asc(supplierProducts.sku)) : [];
  return rows.map((r) => toJson(r, products.filter((p) => p.supplierId === r.id)));
}

export async function createSupplier(ctx: Ctx, input: CreateSupplierInput, idempotencyKey?: string) {
  return runIdempotent<SupplierJson>(ctx, { key: idempotencyKey, route: 'POST /suppliers', request: input }, async (tx) => {
    const at = ctx.clock.now();
    const [row] = await tx
      .insert(suppliers)
      .values({ id: ctx.newId(), code: input.code, name: input.name, email: input.email ?? null, currency: input.currency, createdAt: at, updatedAt: at })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('duplicate', `A supplier with code ${input.code} already exists`, { errors: [{ path: 'code', message: 'is already taken' }] });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(supplierSaved, row.id, { supplierId: row.id, code: row.code, changed: ['created'] })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'supplier.created', entityType: 'supplier', entityId: row.id, before: null, after: input });
    return { status: 201, body: toJson(row, []) };
  });
}

export async function updateSupplier(ctx: Ctx, id: string, input: z.output<typeof updateSupplierBody>): Promise<SupplierJson> {
  await ctx.db.transaction(async (tx) => {
    const before = await loadSupplier(tx, id);
    const changed = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
    if (changed.length === 0) return;
    const at = ctx.clock.now();
    await tx
      .update(suppliers)
      .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.email !== undefined ? { email: input.email } : {}), updatedAt: at })
      .where(eq(suppliers.id, id));
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(supplierSaved, id, { supplierId: id, code: before.code, changed })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'supplier.updated', entityType: 'supplier', entityId: id, before: { name: before.name, email: before.email }, after: input });
  });
  return getSupplier(ctx.db, id);
}

/** Sets what the supplier sells of a SKU (insert or replace). */
export async function setSupplierProduct(ctx: Ctx, id: string, sku: string, input: z.output<typeof supplierProductBody>): Promise<SupplierJson> {
  await ctx.db.transaction(async (tx) => {
    const s = await loadSupplier(tx, id);
    await requireSku(tx, sku);
    const at = ctx.clock.now();
    const values = { supplierId: id, sku, supplierSku: input.supplierSku ?? null, leadTimeDays: input.leadTimeDays, moq: input.moq, packSize: input.packSize, costAmount: BigInt(input.cost), updatedAt: at };
    await tx.insert(supplierProducts).values(values).onConflictDoUpdate({ target: [supplierProducts.supplierId, supplierProducts.sku], set: values });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(supplierSaved, id, { supplierId: id, code: s.code, changed: [`products.${sku}`] })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'supplier.product_set', entityType: 'supplier', entityId: id, before: null, after: { sku, ...input } });
  });
  return getSupplier(ctx.db, id);
}
