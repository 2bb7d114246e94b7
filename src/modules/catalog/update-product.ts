import { and, eq, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { products } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import type { ProductJson, UpdateProductInput } from './products.schemas.js';
import { toProductColumns, toProductJson, violatedUnique } from './products.repository.js';
import { duplicateProduct } from './create-product.js';
import { newEvent } from '../../platform/events/define.js';
import { productUpdated } from './catalog.events.js';

/** Partial update: only the fields sent change, `null` clears an optional one. */
export async function updateProduct(ctx: Ctx, sku: string, patch: UpdateProductInput): Promise<ProductJson> {
  const at = ctx.clock.now();
  const changes = toProductColumns(patch);
  const changed = Object.keys(patch).filter((k) => patch[k as keyof UpdateProductInput] !== undefined);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(products).where(eq(products.sku, sku)).for('update');
    if (!before) throw notFound('Product', sku);
    if (patch.gtin) {
      const [clash] = await tx.select({ sku: products.sku }).from(products).where(and(eq(products.gtin, patch.gtin), ne(products.sku, sku)));
      if (clash) throw duplicateProduct('gtin', patch.gtin);
    }
    let after;
    try {
      [after] = await tx.update(products).set({ ...changes, updatedAt: at }).where(eq(products.sku, sku)).returning();
    } catch (e) {
      // A concurrent writer took the GTIN between the check and the update.
      if (patch.gtin && violatedUnique(e) !== undefined) throw duplicateProduct('gtin', patch.gtin);
      throw e;
    }
    const json = toProductJson(after!);
    await recordAudit(tx, { ...ctx, at }, { action: 'product.updated', entityType: 'product', entityId: sku, before: toProductJson(before), after: json });
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(productUpdated, sku, { sku, changed, product: json }),
    ]);
    return json;
  });
}
