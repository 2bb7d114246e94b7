/**
 * Normal forms for blocklist matching, so "Main St. 5" and "main st 5" are one address. Pure.
 *
 * @example normaliseAddress({ line1: 'Unter den Linden 5', postalCode: '10117', country: 'de' }) === 'DE|10117|unterdenlinden5'
 */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

const compact = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, '');

export function normaliseAddress(a: { line1: string; postalCode: string; country: string }): string {
  return `${a.country.trim().toUpperCase()}|${compact(a.postalCode)}|${compact(a.line1)}`;
}

export const normaliseFingerprint = (f: string): string => f.trim();

export const emailDomain = (email: string): string => normaliseEmail(email).split('@').pop() ?? '';

export type BlocklistKind = 'email' | 'address' | 'payment_fingerprint';
export const blocklistKinds = ['email', 'address', 'payment_fingerprint'] as const;
