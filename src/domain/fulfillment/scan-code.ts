import { isValidGtin } from '../gtin.js';

export type ScannedCode =
  | { kind: 'gtin'; gtin14: string; raw: string }
  | { kind: 'invalid_gtin'; raw: string; message: string }
  | { kind: 'text'; raw: string };

/**
 * Normalises what a scanner typed: trims, drops an AIM symbology prefix (`]C1`, `]E0`) and a GS1
 * "(01)" application identifier. All-digit codes of GTIN lengths (8, 12 = UPC-A, 13 = EAN, 14) are
 * checked and returned as GTIN-14 (zero-padded); a wrong check digit is `invalid_gtin`. Anything else
 * is `text`, to be matched against SKUs exactly.
 * @example normaliseScan('036000291452') // { kind: 'gtin', gtin14: '00036000291452', … }
 */
export function normaliseScan(input: string): ScannedCode {
  let raw = input.trim();
  raw = raw.replace(/^\][A-Za-z]\d/, '');
  const ai = /^\(01\)(\d{14})$/.exec(raw) ?? /^01(\d{14})$/.exec(raw.length === 16 ? raw : '');
  if (ai) raw = ai[1]!;
  if (/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(raw)) {
    if (!isValidGtin(raw)) return { kind: 'invalid_gtin', raw, message: `Not a valid barcode: check digit of ${raw} is wrong` };
    return { kind: 'gtin', gtin14: raw.padStart(14, '0'), raw };
  }
  return { kind: 'text', raw };
}

/** GTIN-14 form of a stored GTIN (8/12/13/14 digits), or null. */
export const toGtin14 = (gtin: string | null | undefined): string | null => (gtin && /^\d{8,14}$/.test(gtin) ? gtin.padStart(14, '0') : null);

export interface ScanCandidate {
  lineId: string;
  sku: string;
  gtin: string | null;
  /** Units still to pick: quantity − picked − short. */
  remaining: number;
  quantity: number;
  picked: number;
}

export type ScanMatch =
  | { ok: true; line: ScanCandidate }
  | { ok: false; reason: 'invalid_barcode' | 'not_on_list' | 'over_pick'; message: string; sku?: string };

/**
 * Matches a scan against the lines of a pick list: GTIN (any length, compared as GTIN-14), then exact
 * SKU. Among several lines of the same product the first with units left takes it. `quantity` units
 * must fit in one line's remainder, otherwise it is an over-pick. A code that is on no line is
 * `not_on_list`; the caller names the product if the catalog knows it.
 */
export function matchScan(code: ScannedCode, lines: readonly ScanCandidate[], quantity = 1): ScanMatch {
  let hits: ScanCandidate[] = [];
  if (code.kind === 'gtin') hits = lines.filter((l) => toGtin14(l.gtin) === code.gtin14);
  if (hits.length === 0) hits = lines.filter((l) => l.sku === code.raw);
  if (hits.length === 0) {
    if (code.kind === 'invalid_gtin') return { ok: false, reason: 'invalid_barcode', message: code.message };
    return { ok: false, reason: 'not_on_list', message: `Wrong item: scanned ${code.raw} is not on this pick list` };
  }
  const line = hits.find((l) => l.remaining >= quantity);
  if (line) return { ok: true, line };
  const l = hits.find((h) => h.remaining > 0) ?? hits[0]!;
  const needs = l.quantity - (l.quantity - l.picked - l.remaining);
  return {
    ok: false,
    reason: 'over_pick',
    sku: l.sku,
    message: `Over-pick: line ${l.sku} needs ${needs}, ${l.picked} already picked${quantity > 1 ? ` (scanned ${quantity})` : ''}`,
  };
}
