import { currencyExponent, isCurrency } from './currency.js';

/** An amount in integer minor units (cents, yen, fils) of an ISO 4217 currency. Never a float. */
export interface Money {
  amount: bigint;
  currency: string;
}

export class CurrencyMismatchError extends Error {
  override name = 'CurrencyMismatchError';
}

export function money(amount: bigint | number, currency: string): Money {
  if (!isCurrency(currency)) throw new RangeError(`Unknown currency ${currency}`);
  if (typeof amount === 'number' && !Number.isSafeInteger(amount)) throw new RangeError(`Amount ${amount} is not an integer`);
  return { amount: BigInt(amount), currency };
}

function same(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(`Cannot combine ${a.currency} with ${b.currency}`);
}

export const add = (a: Money, b: Money): Money => (same(a, b), { amount: a.amount + b.amount, currency: a.currency });
export const subtract = (a: Money, b: Money): Money => (same(a, b), { amount: a.amount - b.amount, currency: a.currency });
export const multiply = (a: Money, factor: number | bigint): Money => {
  if (typeof factor === 'number' && !Number.isSafeInteger(factor)) throw new RangeError('Factor must be an integer');
  return { amount: a.amount * BigInt(factor), currency: a.currency };
};
export const zero = (currency: string): Money => money(0n, currency);
export const sum = (currency: string, items: Money[]): Money => items.reduce(add, zero(currency));

/**
 * Splits `total` in proportion to `weights` by the largest-remainder method: the parts are integers
 * and always add up to the total exactly.
 * @example allocate(money(100, 'EUR'), [1, 1, 1]) // amounts 34, 33, 33
 */
export function allocate(total: Money, weights: Array<bigint | number>): Money[] {
  const w = weights.map((x) => BigInt(x));
  if (w.some((x) => x < 0n)) throw new RangeError('Weights must be non-negative');
  const wsum = w.reduce((s, x) => s + x, 0n);
  if (w.length === 0) return [];
  if (wsum === 0n) return allocate(total, w.map(() => 1n));
  const sign = total.amount < 0n ? -1n : 1n;
  const abs = total.amount * sign;
  const parts = w.map((x) => (abs * x) / wsum);
  const rema = w.map((x, i) => ({ i, r: (abs * x) % wsum }));
  let left = abs - parts.reduce((s, x) => s + x, 0n);
  rema.sort((a, b) => (b.r === a.r ? a.i - b.i : b.r > a.r ? 1 : -1));
  for (const { i } of rema) {
    if (left === 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return parts.map((p) => ({ amount: p * sign, currency: total.currency }));
}

/** Decimal string for display: `format(money(1999, 'EUR')) === '19.99 EUR'`. */
export function format(m: Money): string {
  const exp = currencyExponent(m.currency);
  const neg = m.amount < 0n;
  const digits = (neg ? -m.amount : m.amount).toString().padStart(exp + 1, '0');
  const whole = exp ? digits.slice(0, -exp) : digits;
  const frac = exp ? `.${digits.slice(-exp)}` : '';
  return `${neg ? '-' : ''}${whole}${frac} ${m.currency}`;
}
