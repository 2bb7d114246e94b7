import { AppError } from '../errors.js';
import { z } from 'zod';
import { isCurrency } from '../../domain/currency.js';
import type { Money } from '../../domain/money.js';

export const currencyCode = z
  .string()
  .refine(isCurrency, 'must be an ISO 4217 currency code in capitals, e.g. EUR')
  .meta({ pattern: '^[A-Z]{3}$' });

/**
 * An ISO 8601 date-time with offset whose instant lies in years 0001–9999 (UTC): what PostgreSQL's
 * timestamptz and every client can hold. `0000-01-01T00:00:00Z` is a 400 naming the field, not a 500.
 */
export const isoDateTime = () =>
  z.iso.datetime({ offset: true }).refine((s) => {
    const y = new Date(s).getUTCFullYear();
    return y >= 1 && y <= 9999;
  }, 'must be a date-time between the years 0001 and 9999');

export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals');

/** Money on the wire: integer minor units + ISO currency. */
export const moneySchema = z
  .object({
    amount: z.number().int('must be an integer number of minor units').min(0).max(Number.MAX_SAFE_INTEGER),
    currency: currencyCode,
  })
  .meta({ id: 'Money', description: 'Integer minor units of an ISO 4217 currency, e.g. {"amount": 1999, "currency": "EUR"} is 19.99 EUR' });

export type MoneyJson = z.infer<typeof moneySchema>;

export const moneyJson = (m: Money): MoneyJson => ({ amount: Number(m.amount), currency: m.currency });

export const addressSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    company: z.string().max(200).optional(),
    line1: z.string().trim().min(1, 'is required').max(200),
    line2: z.string().max(200).optional(),
    city: z.string().trim().min(1, 'is required').max(100),
    region: z.string().max(100).optional(),
    postalCode: z.string().trim().min(1, 'is required').max(20),
    country: countryCode,
    phone: z.string().max(40).optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  })
  .meta({ id: 'Address' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** Responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
} as const;

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};

/** Opaque cursors: base64url of a JSON tuple of the sort key. */
export const encodeCursor = (parts: unknown[]): string => Buffer.from(JSON.stringify(parts)).toString('base64url');
/** A cursor from a previous page's `nextCursor`; anything else is a 400 naming `cursor` (not silently page 1). */
export function decodeCursor(cursor: string | undefined): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length > 0) return v;
  } catch {
    /* fall through */
  }
  throw new AppError('validation_failed', 'The cursor is not one this API returned', { errors: [{ path: 'cursor', message: 'is not a nextCursor from a previous page' }] });
}

export const isoDate = (d: Date) => d.toISOString();

/** `EN-gb` → `en-GB`: a BCP-47 language tag in canonical form (the tag must be valid: see `languageTag`). */
export const canonicalLanguageTag = (tag: string): string => Intl.getCanonicalLocales(tag.trim())[0]!;

/** A BCP-47 language tag (`de`, `de-AT`, `en-GB`); store it through `canonicalLanguageTag`. */
export const languageTag = z
  .string()
  .trim()
  .max(35)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'must be a BCP-47 language tag such as de or en-GB');
