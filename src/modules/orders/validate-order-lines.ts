import type { CatalogEntry } from '../inventory/index.js';
import type { FieldError } from '../../platform/errors.js';
import { money, type Money } from '../../domain/money.js';
import type { PlaceOrderInput } from './orders.schemas.js';


export interface PricedLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  customization: Record<string, string>;
}

/**
 * Checks each line against the catalog (known, active SKU; price currency; customization fields)
 * and fills in catalog prices. Collects every problem with its field path instead of stopping at one.
 */
export function validateOrderLines(
  input: PlaceOrderInput,
  catalog: ReadonlyMap<string, CatalogEntry>,
  /** Names for lines whose SKU is not in the catalog: such a line is accepted as given (with its price). */
  unknownNames?: readonly string[],
): { currency: string; lines: PricedLine[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const first = input.lines[0]!;
  const currency = input.currency ?? first.unitPrice?.currency ?? catalog.get(first.sku)?.currency ?? 'EUR';
  const lines: PricedLine[] = [];
  input.lines.forEach((l, i) => {
    const p = catalog.get(l.sku);
    const at = `lines.${i}`;
    if (!p && unknownNames && l.unitPrice) {
      if (l.unitPrice.currency !== currency) errors.push({ path: `${at}.unitPrice.currency`, message: `price is in ${l.unitPrice.currency}, the order is in ${currency}` });
      return void lines.push({ sku: l.sku, name: unknownNames[i] || l.sku, quantity: l.quantity, unitPrice: money(l.unitPrice.amount, l.unitPrice.currency), customization: l.customization ?? {} });
    }
    if (!p) return void errors.push({ path: `${at}.sku`, message: `${l.sku} is not a known SKU` });
    if (!p.active) errors.push({ path: `${at}.sku`, message: `${l.sku} is not active` });
    const unitPrice = l.unitPrice ? money(l.unitPrice.amount, l.unitPrice.currency) : { amount: p.priceAmount, currency: p.currency };
    if (unitPrice.currency !== currency) {
      errors.push({ path: `${at}.${l.unitPrice ? 'unitPrice.currency' : 'sku'}`, message: `price is in ${unitPrice.currency}, the order is in ${currency}` });
    }
    const custom = l.customization ?? {};
    const fields = p.customizationFields ?? [];
    for (const key of Object.keys(custom)) {
      if (!fields.some((f) => f.key === key)) errors.push({ path: `${at}.customization.${key}`, message: `is not a customization of ${l.sku}` });
    }
    for (const f of fields) {
      const v = custom[f.key];
      if (v === undefined || v === '') {
        if (f.required) errors.push({ path: `${at}.customization.${f.key}`, message: `is required (${f.label})` });
        continue;
      }
      if (f.maxLength !== undefined && v.length > f.maxLength) errors.push({ path: `${at}.customization.${f.key}`, message: `must be at most ${f.maxLength} characters` });
      if (f.type === 'select' && f.options && !f.options.includes(v)) errors.push({ path: `${at}.customization.${f.key}`, message: `must be one of ${f.options.join(', ')}` });
    }
    lines.push({ sku: l.sku, name: p.name, quantity: l.quantity, unitPrice, customization: custom });
  });
  return { currency, lines, errors };
}
