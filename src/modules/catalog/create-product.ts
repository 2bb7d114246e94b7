import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { products } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { runIdempotent, type Outcome } from '../../platform/idempotency.js';
import type { CreateProductInput, ProductJson } from './products.schemas.js';
import { toProductColumns, toProductJson } from './products.repository.js';
import { newEvent } from '../../platform/events/define.js';
import { productCreated } from './catalog.events.js';

const duplicate = (path: 'sku' | 'gtin', value: string) =>
  new AppError('duplicate', `A product with ${path.toUpperCase()} ${value} already exists`, { errors: [{ path, message: 'is already taken' }] });

/** Creates a product; with an Idempotency-Key a retry returns the first response instead of a 409. */
export async function createProduct(
  ctx: Ctx,
  input: CreateProductInput,
  idempotencyKey?: string | undefined,
): Promise<Outcome<ProductJson> & { replayed: boolean }> {
  const at = ctx.clock.now();
  const { sku, ...fields } = input;
  return runIdempotent(ctx, { key: idempotencyKey, route: 'POST /products', request: input }, async (tx) => {
    // No conflict target: a clash on either SKU or GTIN (even with a concurrent insert) lands here, not in a 500.
    const [row] = await tx
      .insert(products)
      .values({ sku, ...toProductColumns(fields), name: input.name, priceAmount: BigInt(input.price.amount), currency: input.price.currency, createdAt: at, updatedAt: at })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const [clash] = await tx.select({ sku: products.sku }).from(products).where(eq(products.sku, sku));
      throw clash || !input.gtin ? duplicate('sku', sku) : duplicate('gtin', input.gtin);
    }
    const json = toProductJson(row);
    await recordAudit(tx, { ...ctx, at }, { action: 'product.created', entityType: 'product', entityId: sku, after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(productCreated, sku, json)]);
    return { status: 201, body: json };
  });
}

export { duplicate as duplicateProduct };
