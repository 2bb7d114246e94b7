import { currencyExponent } from '../currency.js';

export const locales = ['en', 'de'] as const;
export type Locale = (typeof locales)[number];

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (locales as readonly string[]).includes(v);

/** A language tag (`de-AT`, `EN`) as one of ours, or null. */
export function toLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : null;
}

/**
 * The message language: the order's locale (given at placement), else the customer's preference, else
 * the shop's default (notification settings `defaultLocale`). A tag we have no templates for (`fr-FR`)
 * counts as not given, so the chain goes on.
 *
 * @example chooseLocale({ orderLocale: 'en-GB', customerLocale: 'de', shopLocale: 'de' }) === 'en'
 */
export function chooseLocale(input: { orderLocale?: string | null; customerLocale?: string | null; shopLocale: Locale }): Locale {
  return toLocale(input.orderLocale) ?? toLocale(input.customerLocale) ?? input.shopLocale;
}

// Building an Intl formatter costs far more than using one: one per language and currency (a pure
// cache: the same inputs always give the same formatter).
const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(locale: Locale, currency: string, exp: number): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let nf = moneyFormats.get(key);
  if (!nf) moneyFormats.set(key, (nf = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency, minimumFractionDigits: exp, maximumFractionDigits: exp })));
  return nf;
}
const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  de: new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** `formatMoney(1999, 'EUR', 'de') === '19,99 €'`: exact (decimal string, never a float). */
export function formatMoney(amount: number | string | bigint, currency: string, locale: Locale): string {
  const exp = currencyExponent(currency);
  const minor = BigInt(amount);
  const neg = minor < 0n;
  const digits = (neg ? -minor : minor).toString().padStart(exp + 1, '0');
  const decimal = `${neg ? '-' : ''}${exp ? `${digits.slice(0, -exp)}.${digits.slice(-exp)}` : digits}`;
  return moneyFormat(locale, currency, exp).format(decimal as unknown as number);
}

/** `2026-11-04` → `4 November 2026` / `4. November 2026`. */
export function formatDate(isoDate: string, locale: Locale): string {
  const d = new Date(isoDate.length === 10 ? `${isoDate}T12:00:00Z` : isoDate);
  if (Number.isNaN(d.getTime())) return isoDate;
  return dateFormats[locale].format(d);
}

/** E.164: `+` then 8 to 15 digits, no leading zero in the country code. */
export const isE164 = (v: string) => /^\+[1-9]\d{7,14}$/.test(v);
