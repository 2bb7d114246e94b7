/**
 * Postal-code formats by country (ISO 3166 alpha-2), normalised before matching (upper case, single
 * spaces). Countries not listed accept any code up to 10 characters; countries without postal codes
 * accept none.
 */
const formats: Readonly<Record<string, { re: RegExp; example: string }>> = {
  AT: { re: /^\d{4}$/, example: '1010' },
  AU: { re: /^\d{4}$/, example: '2000' },
  BE: { re: /^\d{4}$/, example: '1000' },
  BR: { re: /^\d{5}-?\d{3}$/, example: '01310-100' },
  CA: { re: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/, example: 'K1A 0B1' },
  CH: { re: /^\d{4}$/, example: '8001' },
  CZ: { re: /^\d{3} ?\d{2}$/, example: '110 00' },
  DE: { re: /^\d{5}$/, example: '10115' },
  DK: { re: /^\d{4}$/, example: '1050' },
  ES: { re: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/, example: '28001' },
  FI: { re: /^\d{5}$/, example: '00100' },
  FR: { re: /^\d{5}$/, example: '75001' },
  GB: { re: /^(GIR 0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/, example: 'SW1A 1AA' },
  IE: { re: /^[AC-FHKNPRTV-Y]\d{2}(\d|W) ?[0-9AC-FHKNPRTV-Y]{4}$/, example: 'D02 X285' },
  IN: { re: /^[1-9]\d{5}$/, example: '110001' },
  IT: { re: /^\d{5}$/, example: '00184' },
  JP: { re: /^\d{3}-?\d{4}$/, example: '100-0001' },
  NL: { re: /^[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}$/, example: '1012 AB' },
  NO: { re: /^\d{4}$/, example: '0150' },
  PL: { re: /^\d{2}-\d{3}$/, example: '00-001' },
  PT: { re: /^\d{4}-\d{3}$/, example: '1000-001' },
  SE: { re: /^\d{3} ?\d{2}$/, example: '111 22' },
  US: { re: /^\d{5}(-\d{4})?$/, example: '10001' },
};

/** Countries whose addresses have no postal code. */
const none = new Set(['AE', 'AG', 'BS', 'BZ', 'HK', 'QA']);

export const normalisePostalCode = (code: string) => code.trim().toUpperCase().replace(/\s+/g, ' ');

export type PostalCheck = { ok: true; normalised: string } | { ok: false; message: string };

export function checkPostalCode(country: string, code: string | undefined): PostalCheck {
  const c = normalisePostalCode(code ?? '');
  if (none.has(country)) return { ok: true, normalised: c };
  const f = formats[country];
  if (!f) return c.length > 0 && c.length <= 10 ? { ok: true, normalised: c } : { ok: false, message: 'must be 1 to 10 characters' };
  return f.re.test(c) ? { ok: true, normalised: c } : { ok: false, message: `is not a valid ${country} postal code (e.g. ${f.example})` };
}
