import type { Money } from '../api/client';
import { formattingLocale } from '../i18n';

const formatters = new Map<string, Intl.NumberFormat>();
/** One formatter per locale and options, made when first needed (the language can change at run time). */
const cached = <T>(cache: Map<string, T>, key: string, make: (locale: string) => T): T => {
  const locale = formattingLocale();
  let f = cache.get(`${locale}|${key}`);
  if (!f) cache.set(`${locale}|${key}`, (f = make(locale)));
  return f;
};

function currencyFormat(currency: string, compact = false): Intl.NumberFormat {
  const locale = formattingLocale();
  const key = `${locale}:${currency}:${compact}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}) });
    formatters.set(key, f);
  }
  return f;
}

/** Fraction digits of a currency as Intl knows them (EUR 2, JPY 0, BHD 3). */
export const fractionDigits = (currency: string): number => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** Minor units as an exact decimal string: 4990 EUR → "49.90". No floating point involved. */
export function minorToDecimal(amount: number, currency: string): string {
  const digits = fractionDigits(currency);
  const negative = amount < 0;
  const s = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, '0');
  const whole = digits ? s.slice(0, -digits) : s;
  const frac = digits ? `.${s.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** "49.9" EUR → 4990; null when the text is not a valid amount for the currency. */
export function decimalToMinor(text: string, currency: string): number | null {
  const digits = fractionDigits(currency);
  const m = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const n = Number(`${m[1]}${frac.padEnd(digits, '0')}`);
  return Number.isSafeInteger(n) ? n : null;
}

/** Formats money for people: `{ amount: 4990, currency: 'EUR' }` → "€49.90". */
export function formatMoney(m: Money | null | undefined, opts: { compact?: boolean } = {}): string {
  if (!m) return '—';
  // Intl formats decimal strings exactly, so no float ever carries the amount.
  return currencyFormat(m.currency, opts.compact).format(minorToDecimal(m.amount, m.currency) as unknown as number);
}

/** A decimal amount as the reports send it (`"167.00"`, `"EUR"`) → "€167.00" / "167,00 €"; Intl formats the string exactly. */
export const formatDecimalMoney = (amount: string, currency: string): string => currencyFormat(currency).format(amount as unknown as number);

const numbers = new Map<string, Intl.NumberFormat>();
export const formatNumber = (n: number) => cached(numbers, 'n', (l) => new Intl.NumberFormat(l)).format(n);

const dates = new Map<string, Intl.DateTimeFormat>();
const dateTime = () => cached(dates, 'dt', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }));
const dateOnly = () => cached(dates, 'd', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium' }));
export const formatDateTime = (iso: string | null | undefined) => (iso ? dateTime().format(new Date(iso)) : '—');
export const formatDate = (iso: string | null | undefined) => (iso ? dateOnly().format(new Date(iso)) : '—');

const relative = new Map<string, Intl.RelativeTimeFormat>();
/** "3 minutes ago", "yesterday". */
export function formatRelative(iso: string, now = Date.now()): string {
  const rtf = cached(relative, 'r', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

/** "partially_shipped" → "Partially shipped". */
export const humanize = (s: string) => {
  const t = s.replaceAll(/[_.-]/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
};

const calendarDate = () => cached(dates, 'cal', (l) => new Intl.DateTimeFormat(l, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));
/** A calendar date (`2026-12-02`, no time zone) as "Wed, 2 Dec 2026" — the same day wherever the browser is. */
export const formatCalendarDate = (date: string | null | undefined) => (date ? calendarDate().format(new Date(`${date}T00:00:00Z`)) : '—');
