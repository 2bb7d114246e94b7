import { parseDecimal } from '../decimal.js';

/**
 * The UCI "Online Retail" data set, line by line (pure: no IO). Columns:
 * InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country.
 * See docs/reports.md ("Online Retail mapping") for what each outcome becomes.
 */
export const onlineRetailColumns = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'] as const;

export interface RetailLine {
  invoice: string;
  sku: string;
  description: string;
  quantity: number;
  /** Local UK time as written, `YYYY-MM-DD HH:MM:SS` (converted from Europe/London by the database). */
  localTime: string;
  /** Exact unit price in micro-units of GBP (see domain/decimal.ts). */
  unitPrice: bigint;
  unitPriceText: string;
  /** `17850`, or null for a guest (no CustomerID). */
  customerRef: string | null;
  country: string;
}

export type RetailOutcome =
  | { kind: 'sale'; line: RetailLine }
  | { kind: 'credit'; line: RetailLine }
  | { kind: 'adjustment'; line: RetailLine; reason: string }
  | { kind: 'rejected'; reason: string };

/** Classifies one CSV record (already split into fields). */
export function classifyRetailRecord(fields: readonly string[]): RetailOutcome {
  if (fields.length !== 8) return { kind: 'rejected', reason: `expected 8 fields, got ${fields.length}` };
  const [invoice, sku, description, qtyText, time, priceText, customer, country] = fields.map((f) => f ?? '') as [string, string, string, string, string, string, string, string];
  if (!/^[CA]?\d{1,10}$/.test(invoice)) return { kind: 'rejected', reason: 'InvoiceNo: expected digits with an optional C or A prefix' };
  if (sku.trim() === '') return { kind: 'rejected', reason: 'StockCode: empty' };
  if (!/^-?\d{1,9}$/.test(qtyText)) return { kind: 'rejected', reason: 'Quantity: expected an integer' };
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(time) || Number.isNaN(Date.parse(`${time.replace(' ', 'T')}Z`))) {
    return { kind: 'rejected', reason: 'InvoiceDate: expected YYYY-MM-DD HH:MM:SS' };
  }
  const unitPrice = parseDecimal(priceText);
  if (unitPrice === null) return { kind: 'rejected', reason: 'UnitPrice: expected a decimal with at most 6 decimals' };
  if (customer !== '' && !/^\d{1,12}(\.0+)?$/.test(customer)) return { kind: 'rejected', reason: 'CustomerID: expected a number' };
  if (country.trim() === '') return { kind: 'rejected', reason: 'Country: empty' };
  const line: RetailLine = {
    invoice,
    sku: sku.trim(),
    description: description.trim() || sku.trim(),
    quantity: Number(qtyText),
    localTime: time,
    unitPrice,
    unitPriceText: priceText.trim(),
    customerRef: customer === '' ? null : customer.replace(/\.0+$/, ''),
    country: country.trim(),
  };
  if (invoice.startsWith('A')) return { kind: 'adjustment', line, reason: 'adjustment invoice (A prefix, bad debt)' };
  if (invoice.startsWith('C')) {
    if (line.quantity < 0) return { kind: 'credit', line };
    return { kind: 'adjustment', line, reason: 'credit note line without a negative quantity' };
  }
  if (line.quantity < 0) return { kind: 'adjustment', line, reason: 'negative quantity on a sale invoice' };
  if (line.quantity === 0) return { kind: 'adjustment', line, reason: 'zero quantity' };
  if (unitPrice === 0n) return { kind: 'adjustment', line, reason: 'zero unit price' };
  if (unitPrice < 0n) return { kind: 'adjustment', line, reason: 'negative unit price' };
  return { kind: 'sale', line };
}

/**
 * Country names of the data set → ISO 3166-1 alpha-2. Names without a country code (Channel Islands,
 * European Community, Unspecified) are kept as written, so nothing is merged or lost.
 */
const countryCodes: Record<string, string> = {
  Australia: 'AU', Austria: 'AT', Bahrain: 'BH', Belgium: 'BE', Brazil: 'BR', Canada: 'CA', Cyprus: 'CY',
  'Czech Republic': 'CZ', Denmark: 'DK', EIRE: 'IE', Finland: 'FI', France: 'FR', Germany: 'DE', Greece: 'GR',
  'Hong Kong': 'HK', Iceland: 'IS', Israel: 'IL', Italy: 'IT', Japan: 'JP', Lebanon: 'LB', Lithuania: 'LT', Malta: 'MT',
  Netherlands: 'NL', Norway: 'NO', Poland: 'PL', Portugal: 'PT', RSA: 'ZA', 'Saudi Arabia': 'SA', Singapore: 'SG',
  Spain: 'ES', Sweden: 'SE', Switzerland: 'CH', 'United Arab Emirates': 'AE', 'United Kingdom': 'GB', USA: 'US',
};
export const retailCountryCode = (name: string): string => countryCodes[name] ?? name;

/**
 * Matches credit-note lines to earlier sale lines: a match is certain only when exactly one earlier sale
 * line of the same customer, SKU and unit price still has at least the credited quantity un-returned.
 * Guests (no CustomerID) are never matched. Feed sales in file order, then ask for each credit.
 */
export class CreditMatcher {
  private readonly open = new Map<string, Array<{ lineId: string; remaining: number }>>();

  private key(l: RetailLine): string | null {
    return l.customerRef === null ? null : `${l.customerRef}|${l.sku}|${l.unitPrice}`;
  }

  addSale(l: RetailLine, lineId: string): void {
    const k = this.key(l);
    if (k === null) return;
    const list = this.open.get(k);
    if (list) list.push({ lineId, remaining: l.quantity });
    else this.open.set(k, [{ lineId, remaining: l.quantity }]);
  }

  /** The matched sale line id (its remaining quantity reduced), or a reason why there is no certain match. */
  matchCredit(l: RetailLine): { lineId: string } | { unmatched: string } {
    const k = this.key(l);
    if (k === null) return { unmatched: 'guest credit note (no CustomerID)' };
    const qty = -l.quantity;
    const fits = (this.open.get(k) ?? []).filter((c) => c.remaining >= qty);
    if (fits.length === 0) return { unmatched: 'no earlier sale of this SKU at this price to this customer' };
    if (fits.length > 1) return { unmatched: 'several earlier sales could match' };
    fits[0]!.remaining -= qty;
    return { lineId: fits[0]!.lineId };
  }
}
