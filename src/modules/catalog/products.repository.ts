import { and, asc, eq, gt, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { products } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import type { ProductJson, UpdateProductInput } from './products.schemas.js';

export type ProductRow = typeof products.$inferSelect;
type ProductColumns = Partial<typeof products.$inferInsert>;

/**
 * Loads the products for `skus` in one query, keyed by SKU; unknown SKUs are simply absent.
 * @example const bySku = await findProductsBySkus(tx, ['MUG-1', 'TEE-M']); bySku.get('MUG-1')?.priceAmount
 */
export async function findProductsBySkus(db: Db, skus: string[]): Promise<Map<string, ProductRow>> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return new Map();
  const rows = await db.select().from(products).where(inArray(products.sku, unique));
  return new Map(rows.map((r) => [r.sku, r]));
}

export const toProductJson = (r: ProductRow): ProductJson => ({
  sku: r.sku,
  name: r.name,
  description: r.description,
  price: { amount: Number(r.priceAmount), currency: r.currency },
  gtin: r.gtin,
  weightGrams: r.weightGrams,
  dimensionsMm: r.lengthMm !== null && r.widthMm !== null && r.heightMm !== null ? { length: r.lengthMm, width: r.widthMm, height: r.heightMm } : null,
  hsCode: r.hsCode,
  originCountry: r.originCountry,
  returnable: r.returnable,
  customizationFields: r.customizationFields,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Maps wire fields to columns; fields left undefined are left out, so the result also serves a PATCH. */
export function toProductColumns(input: UpdateProductInput): ProductColumns {
  const { price, dimensionsMm, ...rest } = input;
  const cols: ProductColumns = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (price) Object.assign(cols, { priceAmount: BigInt(price.amount), currency: price.currency });
  if (dimensionsMm !== undefined) {
    Object.assign(cols, { lengthMm: dimensionsMm?.length ?? null, widthMm: dimensionsMm?.width ?? null, heightMm: dimensionsMm?.height ?? null });
  }
  return cols;
}

export async function getProduct(db: Db, sku: string): Promise<ProductRow> {
  const [row] = await db.select().from(products).where(eq(products.sku, sku));
  if (!row) throw notFound('Product', sku);
  return row;
}

export async function findProductByGtin(db: Db, gtin: string): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(eq(products.gtin, gtin));
  return row;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listProducts(
  db: Db,
  f: { q?: string | undefined; active?: boolean | undefined; after?: string | undefined; limit: number },
): Promise<ProductRow[]> {
  const where: Array<SQL | undefined> = [
    f.q ? or(ilike(products.sku, likePattern(f.q)), ilike(products.name, likePattern(f.q)), eq(products.gtin, f.q)) : undefined,
    f.active === undefined ? undefined : eq(products.active, f.active),
    f.after ? gt(products.sku, f.after) : undefined,
  ];
  return db.select().from(products).where(and(...where)).orderBy(asc(products.sku)).limit(f.limit);
}

/** The unique constraint a statement violated, if that is why it failed (pg and PGlite, wrapped or not). */
export function violatedUnique(e: unknown): string | undefined {
  for (let err = e as { code?: string; constraint?: string; cause?: unknown } | undefined; err; err = err.cause as typeof err) {
    if (err.code === '23505') return err.constraint ?? '';
  }
  return undefined;
}
