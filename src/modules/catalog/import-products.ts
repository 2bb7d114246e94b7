import type { Db } from '../../platform/db/client.js';
import { preparedRows } from '../../platform/db/prepared.js';

/** Creates the products of an imported history in bulk (unknown SKUs only; existing products are left as they are). */
export async function ensureProducts(tx: Db, rows: Array<{ sku: string; name: string; priceAmount: bigint; currency: string }>, at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const [r] = await preparedRows<{ n: number }>(tx, 'ordo_ensure_products', `
    with i as (
      insert into products (sku, name, price_amount, currency, created_at, updated_at)
      select u.sku, u.name, u.price, u.currency, $5::timestamptz, $5::timestamptz
      from unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) as u(sku, name, price, currency)
      on conflict (sku) do nothing
      returning sku
    ) select count(*)::int as n from i`,
    [rows.map((r) => r.sku), rows.map((r) => r.name), rows.map((r) => r.priceAmount.toString()), rows.map((r) => r.currency), at]);
  return r?.n ?? 0;
}
