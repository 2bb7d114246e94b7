import { preparedRows } from '../../platform/db/prepared.js';
import type { Db } from '../../platform/db/client.js';
import type { CustomizationField } from '../../platform/db/schema/index.js';
import type { CatalogEntry } from '../inventory/index.js';
import type { SourcingLocation } from '../../domain/sourcing/index.js';
import { SETTINGS_JSON_SQL, settingsFromJson, type SourcingSettings } from './sourcing-settings.js';

/**
 * The facts sourcing needs in ONE round trip: the products (catalog facts for placement, unit
 * weights), their stock at every active ship-from location with the location's sourcing attributes,
 * the remaining daily capacity (orders sourced since local midnight in the location's time zone,
 * UTC when it has none; the order being sourced does not count against itself), and the settings.
 * The SKU array is read through `(select $1)` so that the statement keeps one generic plan (see preparedRows).
 */
const SNAPSHOT_SQL = `
  select p.sku, p.name, p.price_amount, p.currency, p.active, p.customization_fields, coalesce(p.weight_grams, 0) as weight_grams, p.hs_code,
         l.location_code, (l.on_hand - l.reserved - l.safety_stock)::int as available, c.latitude, c.longitude, c.priority,
         c.handling_cost_per_order_amount::text as hpo, c.handling_cost_per_unit_amount::text as hpu,
         c.shipping_base_amount::text as sb, c.shipping_per_km_amount::text as skm, c.shipping_per_kg_amount::text as skg,
         c.max_shipment_weight_grams as msw, c.max_item_weight_grams as miw, c.excluded_countries,
         case when c.daily_order_capacity is null then null else c.daily_order_capacity - (
           select count(distinct r.order_id)::int from reservations r
           where r.location_code = c.code and r.state in ('allocated', 'consumed') and r.order_id is distinct from $3::uuid
             and r.created_at >= (date_trunc('day', $2::timestamptz at time zone coalesce(c.time_zone, 'UTC')) at time zone coalesce(c.time_zone, 'UTC'))
         ) end as remaining,
         ${SETTINGS_JSON_SQL} as settings
  from products p
  left join (inventory_levels l join locations c on c.code = l.location_code and c.active and c.can_ship)
    on l.sku = p.sku
  where p.sku = any((select $1::text[])::text[])`;

interface Row {
  sku: string;
  name: string;
  price_amount: string;
  currency: string;
  active: boolean;
  customization_fields: CustomizationField[] | null;
  weight_grams: number;
  hs_code: string | null;
  location_code: string | null;
  available: number | null;
  latitude: number | null;
  longitude: number | null;
  priority: number | null;
  hpo: string | null;
  hpu: string | null;
  sb: string | null;
  skm: string | null;
  skg: string | null;
  msw: number | null;
  miw: number | null;
  excluded_countries: string[] | null;
  remaining: number | null;
  settings: Parameters<typeof settingsFromJson>[0];
}

export interface SourcingSnapshot {
  products: Map<string, CatalogEntry>;
  weights: Map<string, number>;
  /** HS codes by SKU (restricted-goods checks at placement). */
  hsCodes: Map<string, string | null>;
  /** Every active ship-from location holding a level row of one of the SKUs. */
  locations: SourcingLocation[];
  settings: SourcingSettings;
}

export async function loadSourcingSnapshot(tx: Db, skus: string[], opts: { at: Date; orderId?: string | null }): Promise<SourcingSnapshot> {
  const rows = await preparedRows<Row>(tx, 'ordo_sourcing_snapshot', SNAPSHOT_SQL, [skus, opts.at, opts.orderId ?? null]);
  const products = new Map<string, CatalogEntry>();
  const weights = new Map<string, number>();
  const hsCodes = new Map<string, string | null>();
  const byCode = new Map<string, SourcingLocation>();
  let settings: SourcingSettings | undefined;
  for (const r of rows) {
    settings ??= settingsFromJson(r.settings);
    if (!products.has(r.sku)) {
      products.set(r.sku, {
        sku: r.sku,
        name: r.name,
        priceAmount: BigInt(r.price_amount),
        currency: r.currency,
        active: r.active,
        customizationFields: r.customization_fields ?? [],
      });
      weights.set(r.sku, Number(r.weight_grams));
      hsCodes.set(r.sku, r.hs_code);
    }
    if (r.location_code === null) continue;
    let c = byCode.get(r.location_code);
    if (!c) {
      c = {
        code: r.location_code,
        latitude: Number(r.latitude),
        longitude: Number(r.longitude),
        priority: Number(r.priority),
        available: {},
        remainingCapacity: r.remaining === null ? null : Number(r.remaining),
        handlingPerOrder: BigInt(r.hpo ?? 0),
        handlingPerUnit: BigInt(r.hpu ?? 0),
        excludedCountries: r.excluded_countries ?? [],
        ...(r.sb !== null && r.skm !== null && r.skg !== null ? { shipping: { base: BigInt(r.sb), perKm: BigInt(r.skm), perKg: BigInt(r.skg) } } : {}),
        ...(r.msw !== null ? { maxShipWeightGrams: Number(r.msw) } : {}),
        ...(r.miw !== null ? { maxItemWeightGrams: Number(r.miw) } : {}),
      };
      byCode.set(r.location_code, c);
    }
    c.available[r.sku] = Math.max(0, Number(r.available));
  }
  return { products, weights, hsCodes, locations: [...byCode.values()], settings: settings ?? settingsFromJson(null) };
}
