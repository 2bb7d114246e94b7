/**
 * Card numbers written the ways people (and attackers) write them: 80-odd formats over several
 * networks, groupings, separators, Unicode spaces, invisible characters and non-ASCII digits. Used by
 * the detector's unit tests and by the API tests (bodies, queries, headers).
 */

const luhnDigit = (body: string): string => {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
};
/** A Luhn-valid 19-digit Visa-range number. */
const visa19 = '4000000000000000' + '12' + luhnDigit('400000000000000012');

const group = (digits: string, sizes: number[], sep: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const s of sizes) {
    parts.push(digits.slice(at, at + s));
    at += s;
  }
  return parts.join(sep);
};
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const arabicIndic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const devanagari = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0966 + Number(d)));
const mathBold = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCodePoint(0x1d7ce + Number(d)));
const between = (s: string, ch: string) => [...s].join(ch);

const v16 = '4111111111111111';
const mc = '5555555555554444';
const amex = '378282246310005';
const diners = '30569309025904';
const seps: Array<[string, string]> = [
  ['space', ' '],
  ['dash', '-'],
  ['dot', '.'],
  ['slash', '/'],
  ['underscore', '_'],
  ['tab', '\t'],
  ['double space', '  '],
  ['spaced dash', ' - '],
  ['no-break space', '\u00a0'],
  ['narrow no-break space', '\u202f'],
  ['figure space', '\u2007'],
  ['thin space', '\u2009'],
  ['ideographic space', '\u3000'],
  ['en dash', '\u2013'],
  ['em dash', '\u2014'],
  ['minus sign', '\u2212'],
  ['full-width hyphen', '\uff0d'],
  ['full-width dot', '\uff0e'],
  ['full-width slash', '\uff0f'],
  ['zero-width space', '\u200b'],
  ['space + zero-width space', ' \u200b'],
  ['newline', '\n'],
  ['plus', '+'],
];

/** [description, text containing exactly one card number]. */
export const cardFormats: Array<[string, string]> = [
  ['visa 16 bare', v16],
  ['mastercard bare', mc],
  ['amex bare', amex],
  ['diners bare', diners],
  ['discover bare', '6011111111111117'],
  ['mastercard 2-series bare', '2223003122003222'],
  ['visa 13 bare', '4222222222222'],
  ['visa 19 bare', visa19],
  ['visa 19 grouped 4-4-4-4-3', group(visa19, [4, 4, 4, 4, 3], ' ')],
  ...seps.map(([n, s]): [string, string] => [`visa 4-4-4-4 ${n}`, group(v16, [4, 4, 4, 4], s)]),
  ...seps.slice(0, 16).map(([n, s]): [string, string] => [`mastercard 5-5-6 ${n}`, group(mc, [5, 5, 6], s)]),
  ...seps.slice(0, 12).map(([n, s]): [string, string] => [`amex 4-6-5 ${n}`, group(amex, [4, 6, 5], s)]),
  ['diners 4-6-4 space', group(diners, [4, 6, 4], ' ')],
  ['diners 4-6-4 dot', group(diners, [4, 6, 4], '.')],
  ['mixed separators', `4111 1111-1111.1111`],
  ['full-width digits', fullWidth(v16)],
  ['full-width digits, ideographic spaces', group(fullWidth(v16), [4, 4, 4, 4], '\u3000')],
  ['full-width digits, full-width hyphens', group(fullWidth(mc), [4, 4, 4, 4], '\uff0d')],
  ['arabic-indic digits', arabicIndic(v16)],
  ['devanagari digits', devanagari(mc)],
  ['mathematical bold digits', mathBold(v16)],
  ['zero-width space between every digit', between(v16, '\u200b')],
  ['zero-width joiner between every digit', between(mc, '\u200d')],
  ['soft hyphen between every digit', between(amex, '\u00ad')],
  ['word joiner and BOM', between(v16, '\u2060\ufeff')],
  ['in a sentence', `please charge 4242 4242 4242 4242 exp 12/30`],
  ['glued to letters', 'x4242.4242.4242.4242y'],
  ['after a date', '2026-12-06 4111.1111.1111.1111'],
  ['in brackets', '(4111/1111/1111/1111)'],
];

/** Texts that must NOT be taken for card numbers. */
export const notCards: Array<[string, string]> = [
  ['an Amazon order id', '123-1234567-1234567'],
  ['a Luhn-failing number', '4111111111111112'],
  ['a Luhn-failing dotted number', '4111.1111.1111.1112'],
  ['an epoch in ms', '1700000000000'],
  ['a 20-digit run', '41111111111111111111'],
  ['odd grouping', '41 11 11 11 11 11 11 11'],
  ['a uuid', '01a21706-efa2-73d6-ae73-aeea092574e0'],
  ['a price', '4111.11'],
  ['a decimal fraction', '15.4111111111111111'],
  ['a phone number', '+49 30 1234 5678'],
  ['a date and time', '2026-12-06T01:44:37.123Z'],
  ['a date with slashes', '06/12/2026 14:30'],
  ['an IP address', '192.168.100.200'],
  ['a version', '1.2.3.4567'],
  ['a UPS tracking number', '1Z999AA10123456784'],
];
