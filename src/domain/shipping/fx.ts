import { currencyExponent } from '../currency.js';

/**
 * Currency conversion without floats. A rate is a decimal string ("1.0856" units of `to` per unit of
 * `from`); amounts are integer minor units; the result is rounded half to even (banker's rounding),
 * the usual rule for declared values.
 */
export interface FxRate {
  from: string;
  to: string;
  rate: string;
}

function parseRate(rate: string): { num: bigint; den: bigint } {
  const m = /^(\d{1,12})(?:\.(\d{1,12}))?$/.exec(rate);
  if (!m || /^0+(\.0*)?$/.test(rate)) throw new RangeError(`Not a positive decimal rate: ${rate}`);
  const frac = m[2] ?? '';
  return { num: BigInt(m[1]! + frac), den: 10n ** BigInt(frac.length) };
}

function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = 2n * r;
  if (twice < d) return q;
  if (twice > d) return q + 1n;
  return q % 2n === 0n ? q : q + 1n;
}

/** Converts `amount` minor units of `from` into minor units of `to`. */
export function convert(amount: bigint, from: string, to: string, rates: readonly FxRate[]): bigint {
  if (amount < 0n) throw new RangeError('Amounts to convert are non-negative');
  if (from === to) return amount;
  const direct = rates.find((r) => r.from === from && r.to === to);
  const inverse = direct ? undefined : rates.find((r) => r.from === to && r.to === from);
  if (!direct && !inverse) throw new RangeError(`No exchange rate ${from}→${to}`);
  const { num, den } = parseRate((direct ?? inverse)!.rate);
  const scale = 10n ** BigInt(currencyExponent(to));
  const unscale = 10n ** BigInt(currencyExponent(from));
  // amount/unscale major units × rate × scale  (or ÷ rate for the inverse pair).
  return direct ? divideHalfEven(amount * num * scale, den * unscale) : divideHalfEven(amount * den * scale, num * unscale);
}
