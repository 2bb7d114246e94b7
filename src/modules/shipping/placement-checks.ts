import type { Db } from '../../platform/db/client.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { checkPostalCode } from '../../domain/shipping/postal-codes.js';
import { restrictedLines } from '../../domain/shipping/restrictions.js';
import { destinationRestrictions } from './destination-restrictions.js';

type Addr = { country: string; postalCode?: string | undefined | null };

/** Postal codes in their country's format (pure, no IO): 400 naming `shippingAddress.postalCode` / `billingAddress.postalCode`. */
export function checkOrderPostalCodes(input: { shippingAddress: Addr; billingAddress?: Addr | undefined | null }): void {
  const errors: FieldError[] = [];
  for (const [path, a] of [['shippingAddress', input.shippingAddress], ['billingAddress', input.billingAddress]] as const) {
    if (!a) continue;
    const r = checkPostalCode(a.country, a.postalCode ?? undefined);
    if (!r.ok) errors.push({ path: `${path}.postalCode`, message: r.message });
  }
  if (errors.length) throw new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });
}

/**
 * Goods the destination refuses (its customs profile's restrictions, by HS prefix or SKU) → 422 naming
 * each line (`lines.N.sku`). The lists come from the in-process cache, the HS codes from the placement
 * snapshot: a destination without restrictions costs no round trip.
 */
export async function refuseRestrictedGoods(
  cacheKey: Db,
  tx: Db,
  i: { country: string; lines: ReadonlyArray<{ sku: string }>; hsCodes: ReadonlyMap<string, string | null>; at: Date },
): Promise<void> {
  const rules = await destinationRestrictions(cacheKey, tx, i.country, i.at);
  if (!rules.length) return;
  const hits = restrictedLines(i.lines.map((l) => ({ sku: l.sku, hsCode: i.hsCodes.get(l.sku) ?? null })), rules);
  if (!hits.length) return;
  throw new AppError('business_rule', `Cannot be shipped to ${i.country}: ${hits.map((h) => `${h.sku} (${h.reason})`).join('; ')}`, {
    errors: hits.map((h) => ({ path: `lines.${h.index}.sku`, message: `${h.sku} cannot be shipped to ${i.country}: ${h.reason}` })),
  });
}
