/**
 * Tracking numbers in real carrier formats, with their check digits.
 * - UPU S10 (postal operators worldwide): 2 letters, 8-digit serial, mod-11 check digit, ISO country,
 *   e.g. `RR473124829GB`.
 * - UPS `1Z`: shipper account (6), service (2), package (7), mod-10 check digit, e.g. `1Z999AA10123456784`.
 */

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

/** The S10 check digit of an 8-digit serial. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError('An S10 serial has exactly 8 digits');
  const sum = [...serial].reduce((s, ch, i) => s + Number(ch) * S10_WEIGHTS[i]!, 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

/** Builds an S10 number: `makeS10('LX', 47312482, 'DE')`. */
export function makeS10(serviceIndicator: string, serial: number, country: string): string {
  if (!/^[A-Z]{2}$/.test(serviceIndicator)) throw new RangeError('The service indicator is two capital letters');
  if (!/^[A-Z]{2}$/.test(country)) throw new RangeError('The country is an ISO 3166 alpha-2 code');
  if (!Number.isInteger(serial) || serial < 0 || serial > 99_999_999) throw new RangeError('The serial is 0…99,999,999');
  const digits = String(serial).padStart(8, '0');
  return `${serviceIndicator}${digits}${s10CheckDigit(digits)}${country}`;
}

export function isValidS10(s: string): boolean {
  const m = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(s);
  return m !== null && s10CheckDigit(m[2]!) === Number(m[3]);
}

/** UPS check digit over the 15 characters after `1Z` (letters count as (position in alphabet + 2) mod 10). */
export function upsCheckDigit(body15: string): number {
  if (!/^[0-9A-Z]{15}$/.test(body15)) throw new RangeError('A 1Z body has 15 digits or capital letters');
  let sum = 0;
  [...body15].forEach((ch, i) => {
    const v = /\d/.test(ch) ? Number(ch) : (ch.charCodeAt(0) - 63) % 10;
    sum += i % 2 === 1 ? v * 2 : v;
  });
  return (10 - (sum % 10)) % 10;
}

export function isValidUps(s: string): boolean {
  const m = /^1Z([0-9A-Z]{15})(\d)$/.exec(s);
  return m !== null && upsCheckDigit(m[1]!) === Number(m[2]);
}
