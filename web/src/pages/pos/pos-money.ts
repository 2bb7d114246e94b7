import { decimalToMinor } from '../../lib/format';

/** A cart line at the till: the product as scanned, the store's availability and the quantity sold. */
export interface CartLine {
  sku: string;
  name: string;
  unitPrice: { amount: number; currency: string };
  available: number;
  quantity: number;
}

/** The cart's total in minor units (integers only: no float carries money). */
export const cartTotal = (lines: CartLine[]): number => lines.reduce((s, l) => s + l.unitPrice.amount * l.quantity, 0);

/**
 * Change due for cash typed as a decimal ("50", "50.00", "50,5"), exact in minor units; null while the
 * text is no amount. Negative when too little was handed over (the server refuses it with 422 too).
 */
export function changeDue(tendered: string, due: number, currency: string): { tendered: number; change: number } | null {
  const minor = decimalToMinor(tendered, currency);
  return minor === null ? null : { tendered: minor, change: minor - due };
}
