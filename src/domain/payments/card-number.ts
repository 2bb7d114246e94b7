/**
 * Detection of primary account numbers (card numbers) in free text, so Ordo can refuse and scrub
 * them. A match is 13–19 digits that pass Luhn, start with a plausible issuer digit (2–6), are
 * bounded by non-digits, and are either one unbroken run or split only in real card groupings
 * (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4) by spaces or dashes. This keeps marketplace ids like
 * Amazon's "123-1234567-1234567" and prices or timestamps out.
 */

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// Spaces or dashes, also URL-encoded (`%20`, `+`) as they appear in logged URLs.
const sep = '(?:[ -]|%20|\\+)';
// Grouped forms first (longest first), then a bare run; `(?<!\d)` / `(?!\d)` bound by non-digits.
const grouped = [
  `\\d{4}${sep}\\d{4}${sep}\\d{4}${sep}\\d{4}${sep}\\d{3}`,
  `\\d{4}${sep}\\d{4}${sep}\\d{4}${sep}\\d{4}`,
  `\\d{4}${sep}\\d{6}${sep}\\d{5}`,
  `\\d{4}${sep}\\d{6}${sep}\\d{4}`,
];
// Not after "<digit>." either: the fraction digits of a decimal number (e.g. a response time) are no card.
const pattern = `(?<![\\d])(?<!\\d\\.)(?:${grouped.map((g) => `(?:${g})(?!${sep}?\\d)`).join('|')}|\\d{13,19}(?!\\d))`;

/** A fresh global regex (they are stateful). */
const candidates = () => new RegExp(pattern, 'g');

const isCard = (match: string): boolean => {
  const digits = match.replace(/%20|[ +-]/g, '');
  return digits.length >= 13 && digits.length <= 19 && '23456'.includes(digits[0]!) && luhnValid(digits);
};

/** True when `text` contains something that looks like a card number. */
export function containsCardNumber(text: string): boolean {
  if (text.length < 13) return false;
  for (const m of text.matchAll(candidates())) if (isCard(m[0])) return true;
  return false;
}

/**
 * Replaces every card-number-like sequence with `[card number removed]` — quoted when it stood where
 * a JSON number stands (after `:`, `,` or `[`), so a scrubbed JSON log line stays valid JSON.
 */
export function scrubCardNumbers(text: string): string {
  if (text.length < 13 || !/\d{4}/.test(text)) return text;
  return text.replace(candidates(), (m, offset: number) => {
    if (!isCard(m)) return m;
    const before = text[offset - 1];
    return before === ':' || before === ',' || before === '[' ? '"[card number removed]"' : '[card number removed]';
  });
}

/** Field names whose bare 8/12/13/14-digit values are product or scan codes, validated elsewhere. */
const codeFields = /^(gtin|barcode|code|scan|scanCode|scannedCode|trackingNumber|ean|upc)$/i;

/** True when the value of this field is exempt: a bare GTIN-sized number in a code field. */
export function exemptCodeField(fieldName: string, value: string): boolean {
  return codeFields.test(fieldName) && /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(value);
}

/**
 * Walks a parsed JSON value (or query object) and returns the dotted path of the first string that
 * contains a card number, or undefined. Never returns the value itself.
 */
export function findCardNumber(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    const field = path.split('.').pop() ?? '';
    if (exemptCodeField(field, value)) return undefined;
    return containsCardNumber(value) ? path || '(body)' : undefined;
  }
  if (typeof value === 'number') {
    // Large integers sent as JSON numbers are checked like their digits.
    if (!Number.isInteger(value) || Math.abs(value) < 1e12) return undefined;
    return findCardNumber(BigInt(value).toString(), path);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findCardNumber(value[i], path ? `${path}.${i}` : String(i));
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (containsCardNumber(k)) return path ? `${path}.(key)` : '(key)';
      const hit = findCardNumber(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return undefined;
}
