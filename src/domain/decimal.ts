/**
 * Exact decimals as bigint multiples of 10^-SCALE (micro-units). Used where amounts can be finer than a
 * currency's minor unit (imported history) and for report totals; never a float.
 */
export const DECIMAL_SCALE = 6;
const ONE = 10n ** BigInt(DECIMAL_SCALE);

/** Parses `-12.5`, `0.001`, `3` (at most 6 decimals); null if it is not a plain decimal. */
export function parseDecimal(text: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return null;
  const v = BigInt(m[2]!) * ONE + BigInt((m[3] ?? '').padEnd(DECIMAL_SCALE, '0') || '0');
  return m[1] === '-' ? -v : v;
}

/** `12340000n` → `"12.34"`: trailing zeros trimmed, but at least `minDecimals` decimals (the currency's minor unit). */
export function formatDecimal(micros: bigint, minDecimals = 2): string {
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  let frac = (abs % ONE).toString().padStart(DECIMAL_SCALE, '0').replace(/0+$/, '');
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, '0');
  const s = `${abs / ONE}${frac ? `.${frac}` : ''}`;
  return neg ? `-${s}` : s;
}

/** Micro-units → minor units (10^-minorDigits), rounded half to even. */
export function toMinorUnits(micros: bigint, minorDigits = 2): bigint {
  const div = 10n ** BigInt(DECIMAL_SCALE - minorDigits);
  const q = micros / div;
  const r = micros % div;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < div) return q;
  if (twice > div) return micros < 0n ? q - 1n : q + 1n;
  return q % 2n === 0n ? q : micros < 0n ? q - 1n : q + 1n;
}

/** True when the amount is a whole number of minor units. */
export const isWholeMinor = (micros: bigint, minorDigits = 2): boolean => micros % 10n ** BigInt(DECIMAL_SCALE - minorDigits) === 0n;
