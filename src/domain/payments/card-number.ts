/**
 * Detection of primary account numbers (card numbers) in free text, so Ordo can refuse and scrub
 * them. A match is 13–19 digits that pass Luhn and start with a plausible issuer digit (2–6), either
 * as one unbroken run or split only in real card groupings (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners
 * 4-6-4, 5-5-6). This keeps marketplace ids like Amazon's "123-1234567-1234567", prices, phone numbers
 * and timestamps out.
 *
 * Text is read the way a person would read the number: each character is Unicode-normalised (NFKC:
 * full-width and other compatibility digits become 0–9, no-break and ideographic spaces become
 * spaces), every decimal digit of any script counts, invisible format characters (zero-width space,
 * joiners, soft hyphen, BOM) are skipped, and 1–3 separators between groups are allowed: whitespace
 * (tabs, double spaces), `-` and other dashes, `.`, `/`, `_`, `+`, and their escaped forms in URLs
 * (`%20`, `%2F`, …) and JSON log lines (`\t`, `\u00a0`). The scan is a single linear pass.
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

/** Card groupings (digits per group), longest first. */
const groupings: readonly (readonly number[])[] = [
  [4, 4, 4, 4, 3],
  [4, 4, 4, 4],
  [5, 5, 6],
  [4, 6, 5],
  [4, 6, 4],
];

const SEP = -1; // separator between digit groups
const SKIP = -2; // invisible: neither digit nor separator
const OTHER = -3; // anything else ends a run of groups

const asciiSeparators = new Set([' ', '\t', '\n', '\r', '\v', '\f', '-', '.', '/', '_', '+']);
const decimalDigit = /^\p{Nd}$/u;
const whitespace = /^\s$/u;
const dash = /^\p{Pd}$/u;
const invisible = /^[\p{Cf}\u034f\u115f\u1160\u3164\uffa0]$/u;

const classCache = new Map<string, number>();
/** Digit value (0–9), SEP, SKIP or OTHER for one (non-ASCII) code point. */
function classifyUnicode(ch: string): number {
  const cached = classCache.get(ch);
  if (cached !== undefined) return cached;
  let cls = OTHER;
  const n = ch.normalize('NFKC');
  if (n.length === 1 && n >= '0' && n <= '9') cls = n.charCodeAt(0) - 48;
  else if (decimalDigit.test(ch)) cls = digitValue(ch);
  else if (invisible.test(ch) || n === '') cls = SKIP;
  else if (whitespace.test(ch) || whitespace.test(n) || dash.test(ch) || (n.length === 1 && asciiSeparators.has(n)) || ch === '\u2212' || ch === '\u2215' || ch === '\u2044') cls = SEP;
  if (classCache.size < 10_000) classCache.set(ch, cls);
  return cls;
}

/** Value of a decimal digit of any script: Unicode keeps each script's digits 0–9 contiguous. */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  let zero = cp;
  while (cp - zero < 9 && decimalDigit.test(String.fromCodePoint(zero - 1))) zero--;
  // Adjacent digit blocks (e.g. mathematical digits) are NFKC-mapped before reaching here.
  return (cp - zero) % 10;
}

function classifyAscii(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  return asciiSeparators.has(String.fromCharCode(c)) ? SEP : OTHER;
}

const hex = (s: string) => /^[0-9a-fA-F]+$/.test(s);

/**
 * Class and length (in UTF-16 units) of the token at `i`: a code point, or an escape that stands for
 * one (`%XX` in URLs, `\t` / `\uXXXX` in JSON).
 */
function tokenAt(text: string, i: number): [cls: number, len: number] {
  const c = text.charCodeAt(i);
  if (c === 37 /* % */ && i + 2 < text.length && hex(text.slice(i + 1, i + 3))) {
    const byte = parseInt(text.slice(i + 1, i + 3), 16);
    if (byte < 128) {
      const cls = classifyAscii(byte);
      return [cls === OTHER ? OTHER : cls, 3];
    }
    // %C2%A0 (no-break space), %E2%80%8B (zero-width space), …: decode the UTF-8 sequence.
    const m = /^(?:%[0-9a-fA-F]{2}){2,4}/.exec(text.slice(i, i + 12));
    if (m) {
      for (let len = m[0].length; len >= 6; len -= 3) {
        try {
          const decoded = decodeURIComponent(m[0].slice(0, len));
          if ([...decoded].length === 1) return [classifyUnicode(decoded), len];
        } catch {
          /* not a complete sequence at this length */
        }
      }
    }
    return [OTHER, 1];
  }
  if (c === 92 /* \ */ && i + 1 < text.length) {
    const e = text[i + 1]!;
    if (e === 't' || e === 'n' || e === 'r' || e === 'f') return [SEP, 2];
    if (e === 'u' && i + 5 < text.length && hex(text.slice(i + 2, i + 6))) {
      const cls = classifyUnicode(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)));
      return [cls, 6];
    }
    return [OTHER, 1];
  }
  if (c < 128) return [classifyAscii(c), 1];
  const cp = text.codePointAt(i)!;
  const ch = String.fromCodePoint(cp);
  return [classifyUnicode(ch), ch.length];
}

interface Group {
  start: number;
  end: number;
  digits: string;
  /** The separator tokens before this group, joined (empty for the first group of a run). */
  sepBefore: string;
}

const isCardDigits = (d: string) => d.length >= 13 && d.length <= 19 && '23456'.includes(d[0]!) && luhnValid(d);

/** Card numbers in one run of groups, as [start, end) ranges of the text. */
function cardsInRun(groups: Group[], out: Array<[number, number]>): void {
  let i = 0;
  while (i < groups.length) {
    let matched = 0;
    for (const g of groupings) {
      if (i + g.length > groups.length) continue;
      let ok = true;
      let digits = '';
      for (let k = 0; k < g.length && ok; k++) {
        ok = groups[i + k]!.digits.length === g[k];
        digits += groups[i + k]!.digits;
      }
      if (ok && isCardDigits(digits)) {
        matched = g.length;
        break;
      }
    }
    const group = groups[i]!;
    // A bare run, unless it is the fraction of a decimal number ("15.4111111111111111").
    if (!matched && !(group.sepBefore === '.' && i > 0) && isCardDigits(group.digits)) matched = 1;
    if (matched) {
      out.push([group.start, groups[i + matched - 1]!.end]);
      i += matched;
    } else i++;
  }
}

/** A quick, conservative pre-check: fewer than 13 digit-like characters means no card. */
function mayContainCard(text: string): boolean {
  if (text.length < 13) return false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c >= 128) {
      if (++digits >= 13) return true;
    }
  }
  return false;
}

/** Every card number in `text`, as [start, end) ranges of the original string. */
export function findCardRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!mayContainCard(text)) return out;
  let groups: Group[] = [];
  let current: Group | undefined;
  let seps = '';
  let sepCount = 0;
  const endRun = () => {
    if (current) groups.push(current);
    if (groups.length) cardsInRun(groups, out);
    groups = [];
    current = undefined;
    seps = '';
    sepCount = 0;
  };
  let i = 0;
  while (i < text.length) {
    const [cls, len] = tokenAt(text, i);
    if (cls >= 0) {
      if (!current) {
        current = { start: i, end: i + len, digits: '', sepBefore: groups.length ? seps : '' };
        seps = '';
        sepCount = 0;
      }
      current.digits += String(cls);
      current.end = i + len;
      // Longer than any card: the whole run is something else (a hash, an id); keep scanning.
      if (current.digits.length > 40) current.digits = current.digits.slice(-40);
    } else if (cls === SEP) {
      if (current) {
        groups.push(current);
        current = undefined;
      }
      if (groups.length) {
        seps += text.slice(i, i + len);
        if (++sepCount > 3) endRun();
      }
    } else if (cls === OTHER) {
      endRun();
    }
    i += len;
  }
  endRun();
  return out;
}

/** True when `text` contains something that looks like a card number. */
export function containsCardNumber(text: string): boolean {
  return findCardRanges(text).length > 0;
}

/**
 * Replaces every card-number-like sequence with `[card number removed]` — quoted when it stood where
 * a JSON number stands (after `:`, `,` or `[`), so a scrubbed JSON log line stays valid JSON.
 */
export function scrubCardNumbers(text: string): string {
  const ranges = findCardRanges(text);
  if (!ranges.length) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    const before = text[start - 1];
    out += text.slice(at, start) + (before === ':' || before === ',' || before === '[' ? '"[card number removed]"' : '[card number removed]');
    at = end;
  }
  return out + text.slice(at);
}

/** Field names whose bare 8/12/13/14-digit values are product or scan codes, validated elsewhere. */
const codeFields = /^(gtin|barcode|code|scan|scanCode|scannedCode|trackingNumber|ean|upc)$/i;

/** True when the value of this field is exempt: a bare GTIN-sized number in a code field. */
export function exemptCodeField(fieldName: string, value: string): boolean {
  return codeFields.test(fieldName) && /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(value);
}

/**
 * Walks a parsed JSON value (or query object) and returns the dotted path of the first string that
 * contains a card number, or undefined. Never returns the value itself. The walk is iterative (an
 * explicit stack), so no nesting depth can overflow the call stack.
 */
/**
 * Parsed data: a JSON object, or a query object (fast-querystring's have a prototype whose own
 * prototype is null). A class instance such as a raw body stream is not.
 */
const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
};

export function findCardNumber(root: unknown, rootPath = ''): string | undefined {
  const stack: Array<[unknown, string]> = [[root, rootPath]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const field = path.split('.').pop() ?? '';
      if (!exemptCodeField(field, value) && containsCardNumber(value)) return path || '(body)';
    } else if (typeof value === 'number') {
      // Large integers sent as JSON numbers are checked like their digits.
      if (Number.isInteger(value) && Math.abs(value) >= 1e12 && containsCardNumber(BigInt(value).toString())) return path || '(body)';
    } else if (Array.isArray(value)) {
      // Pushed in reverse so the first offending element is reported first.
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], path ? `${path}.${i}` : String(i)]);
    } else if (value && typeof value === 'object' && isPlainObject(value)) {
      // Only parsed data is walked: a stream or other class instance (a raw upload body) is not data,
      // and its object graph has cycles.
      const entries = Object.entries(value as Record<string, unknown>);
      for (const [k] of entries) if (containsCardNumber(k)) return path ? `${path}.(key)` : '(key)';
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        stack.push([v, path ? `${path}.${k}` : k]);
      }
    }
  }
  return undefined;
}
