import { currencyExponent } from '../currency.js';

/**
 * One CSV record (RFC 4180): fields with a comma, quote, CR or LF are quoted, quotes doubled.
 *
 * @example csvRecord(['A-1', 'Mug, "big"', null]) // 'A-1,"Mug, ""big""",\r\n'
 */
export function csvRecord(fields: ReadonlyArray<string | number | boolean | bigint | null | undefined>): string {
  return `${fields.map((f) => (f === null || f === undefined ? '' : quote(String(f)))).join(',')}\r\n`;
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * Integer minor units as the currency's decimal text, exactly (no floats).
 *
 * @example minorToDecimal(4990n, 'EUR') // '49.90'
 * @example minorToDecimal(-5n, 'EUR')   // '-0.05'
 * @example minorToDecimal(1000n, 'JPY') // '1000'
 */
export function minorToDecimal(amount: bigint | number, currency: string): string {
  const exp = currencyExponent(currency);
  const a = BigInt(amount);
  const neg = a < 0n;
  const digits = (neg ? -a : a).toString().padStart(exp + 1, '0');
  const text = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return neg ? `-${text}` : text;
}
