import { isCurrency } from '../currency.js';
import { decimalToMinor } from '../channels/decimal-money.js';

/**
 * One line of an orders CSV (`ordo import orders`, docs/data-exchange.md), checked field by field (pure:
 * no IO). An order is one or more consecutive lines with the same `order_number`; the order's fields
 * (placed_at, email, customer_name, currency, ship_*, shipping, discount, tax) repeat on each of its lines and must agree.
 */
export const orderCsvColumns = ['order_number', 'placed_at', 'email', 'customer_name', 'currency', 'ship_country', 'sku', 'quantity', 'unit_price'] as const;

/** Every column the import reads, in the order the export (`GET /exports/order-lines.csv`) writes them. */
export const orderCsvExportColumns = [
  'order_number', 'placed_at', 'email', 'customer_name', 'currency',
  'ship_name', 'ship_line1', 'ship_city', 'ship_postal_code', 'ship_country',
  'shipping', 'discount', 'tax', 'sku', 'quantity', 'unit_price',
] as const;

export interface OrderCsvLine {
  orderNumber: string;
  /** ISO 8601 instant with an offset or Z, as written. */
  placedAt: string;
  email: string;
  customerName: string;
  currency: string;
  shipCountry: string;
  shipName: string;
  shipLine1: string;
  shipCity: string;
  shipPostalCode: string;
  /** Order-level charges in minor units (optional columns, 0 when absent): total = lines + shipping + tax − discount. */
  shippingAmount: bigint;
  discountAmount: bigint;
  taxAmount: bigint;
  sku: string;
  quantity: number;
  unitPriceAmount: bigint;
}

export type OrderCsvParse = { ok: true; line: OrderCsvLine } | { ok: false; field: string; message: string };

const text = (v: string | undefined) => (v ?? '').trim();
const fail = (field: string, message: string): OrderCsvParse => ({ ok: false, field, message });
const instant = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?(Z|[+-]\d\d:\d\d)$/;
const email = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** Checks one record (columns already lower-cased); the first failing field is named. */
export function parseOrderCsvRow(r: Readonly<Record<string, string | undefined>>): OrderCsvParse {
  const orderNumber = text(r.order_number);
  if (!orderNumber) return fail('order_number', 'is required');
  if (orderNumber.length > 64) return fail('order_number', 'must be at most 64 characters');
  const placedAt = text(r.placed_at);
  if (!instant.test(placedAt) || Number.isNaN(Date.parse(placedAt))) return fail('placed_at', 'must be an ISO 8601 time with an offset, e.g. 2026-03-01T10:15:00Z');
  const mail = text(r.email).toLowerCase();
  if (!email.test(mail) || mail.length > 320) return fail('email', 'must be an email address');
  const customerName = text(r.customer_name);
  if (!customerName || customerName.length > 200) return fail('customer_name', 'is required (at most 200 characters)');
  const currency = text(r.currency).toUpperCase();
  if (!isCurrency(currency)) return fail('currency', 'must be an ISO 4217 code such as EUR');
  const shipCountry = text(r.ship_country).toUpperCase();
  if (!/^[A-Z]{2}$/.test(shipCountry)) return fail('ship_country', 'must be an ISO 3166-1 alpha-2 code such as DE');
  const sku = text(r.sku);
  if (!sku) return fail('sku', 'is required');
  const qty = text(r.quantity);
  if (!/^\d{1,7}$/.test(qty) || Number(qty) < 1) return fail('quantity', 'must be a whole number of at least 1');
  const price = decimalToMinor(text(r.unit_price), currency);
  if (price === null || price < 0n) return fail('unit_price', `must be a decimal amount of 0 or more with at most the ${currency} minor unit, e.g. 12.90`);
  const charges: Record<'shipping' | 'discount' | 'tax', bigint> = { shipping: 0n, discount: 0n, tax: 0n };
  for (const f of ['shipping', 'discount', 'tax'] as const) {
    const v = text(r[f]);
    const amount = v === '' ? 0n : decimalToMinor(v, currency);
    if (amount === null || amount < 0n) return fail(f, `must be empty or a decimal amount of 0 or more with at most the ${currency} minor unit, e.g. 4.90`);
    charges[f] = amount;
  }
  return {
    ok: true,
    line: {
      orderNumber, placedAt, email: mail, customerName, currency, shipCountry,
      shipName: text(r.ship_name) || customerName, shipLine1: text(r.ship_line1), shipCity: text(r.ship_city), shipPostalCode: text(r.ship_postal_code),
      shippingAmount: charges.shipping, discountAmount: charges.discount, taxAmount: charges.tax,
      sku, quantity: Number(qty), unitPriceAmount: price,
    },
  };
}

/** The order-level field in which a later line of the same order differs from its first line, or null. */
export function orderFieldMismatch(first: OrderCsvLine, l: OrderCsvLine): string | null {
  const fields = ['placedAt', 'email', 'customerName', 'currency', 'shipCountry', 'shipName', 'shipLine1', 'shipCity', 'shipPostalCode', 'shippingAmount', 'discountAmount', 'taxAmount'] as const;
  const names = { placedAt: 'placed_at', email: 'email', customerName: 'customer_name', currency: 'currency', shipCountry: 'ship_country', shipName: 'ship_name',
    shipLine1: 'ship_line1', shipCity: 'ship_city', shipPostalCode: 'ship_postal_code', shippingAmount: 'shipping', discountAmount: 'discount', taxAmount: 'tax' } as const;
  const f = fields.find((k) => first[k] !== l[k]);
  return f ? names[f] : null;
}
