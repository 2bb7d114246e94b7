import { currencyExponent } from '../currency.js';

/**
 * A platform's decimal amount ("598.94", 12.5) as exact integer minor units of `currency`, or null
 * when it is not a plain decimal or carries non-zero digits below the currency's minor unit (which
 * would have to be rounded: the caller reports that instead of losing money silently).
 *
 * @example decimalToMinor('598.94', 'USD') // 59894n
 * @example decimalToMinor('1000', 'JPY')   // 1000n
 * @example decimalToMinor('0.001', 'GBP')  // null
 */
export function decimalToMinor(value: string | number | null | undefined, currency: string): bigint | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const exp = currencyExponent(currency);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > exp) return null;
  const minor = BigInt(m[2]! + frac.padEnd(exp, '0'));
  return m[1] === '-' ? -minor : minor;
}
