import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { products } from '../../platform/db/schema/index.js';

export type ProductRow = typeof products.$inferSelect;

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
