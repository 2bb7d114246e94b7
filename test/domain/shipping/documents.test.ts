import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidS10, isValidUps, makeS10, s10CheckDigit, upsCheckDigit } from '../../../src/domain/shipping/tracking-numbers.js';
import { labelZpl } from '../../../src/domain/shipping/zpl.js';
import { checkPostalCode } from '../../../src/domain/shipping/postal-codes.js';

describe('tracking numbers', () => {
  it('computes the published check digits', () => {
    expect(s10CheckDigit('47312482')).toBe(9); // RR473124829GB, the UPU S10 example
    expect(isValidS10('RR473124829GB')).toBe(true);
    expect(isValidS10('RR473124828GB')).toBe(false);
    expect(upsCheckDigit('999AA1012345678')).toBe(4); // 1Z999AA10123456784, UPS's documented sample
    expect(isValidUps('1Z999AA10123456784')).toBe(true);
    expect(isValidUps('1Z999AA10123456785')).toBe(false);
  });
  it('maps S10 remainders 10 → 0 and 11 → 5', () => {
    expect(s10CheckDigit('00000000')).toBe(5); // sum 0 → 11 → 5
    expect(s10CheckDigit('00060000')).toBe(0); // 6 × weight 2 = 12 ≡ 1 → 10 → 0
    expect(s10CheckDigit('00000001')).toBe(4); // 7 → 4
  });
  // S10 maps remainders 0 and 6 both to check digit 5, so a change between those two goes unseen.
  it('every S10 it makes is valid, and a single-digit change is caught unless both sums give check digit 5', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 2, max: 10 }), fc.integer({ min: 1, max: 9 }), (serial, pos, bump) => {
        const t = makeS10('LX', serial, 'DE');
        expect(isValidS10(t)).toBe(true);
        const digit = (Number(t[pos]) + bump) % 10;
        const changed = t.slice(0, pos) + digit + t.slice(pos + 1);
        const bothFive = pos < 10 && Number(t[10]) === 5 && s10CheckDigit(changed.slice(2, 10)) === 5;
        expect(isValidS10(changed)).toBe(bothFive);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ZPL label', () => {
  const zpl = labelZpl({
    carrier: 'Ordo Post',
    service: 'Standard',
    trackingNumber: 'LX473124829DE',
    from: { name: 'Shop ^ GmbH', line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    to: { name: 'Ada Lovelace', line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
    weightGrams: 1250,
    reference: 'SO-000123',
    packageOf: '1/2',
  });
  it('is one 4×6 label with a Code 128 barcode of the tracking number and the same data as the PDF', () => {
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl.endsWith('^XZ')).toBe(true);
    expect(zpl).toContain('^PW812');
    expect(zpl).toContain('^BCN,220,Y,N,N^FDLX473124829DE^FS');
    for (const s of ['Ada Lovelace', 'SW1Y 4JH London', 'GB', 'ORDO POST STANDARD', 'Weight 1.25 kg', 'Package 1/2', 'Ref SO-000123']) expect(zpl).toContain(s);
  });
  it('never lets field data start a ZPL command', () => {
    expect(zpl).toContain('Shop   GmbH');
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
  });
});

describe('postal codes', () => {
  const cases: Array<[string, string, boolean]> = [
    ['DE', '10115', true], ['DE', '1011', false], ['US', '10001-1234', true], ['US', '1000', false],
    ['GB', 'sw1a 1aa', true], ['GB', 'SW1A1AA', true], ['GB', '12345', false], ['NL', '1012 AB', true], ['NL', '1012 SA', false],
    ['CA', 'K1A 0B1', true], ['CA', 'D1A 0B1', false], ['JP', '100-0001', true], ['PL', '00-001', true], ['PL', '00001', false],
    ['HK', '', true], ['ZZ', 'ANY 1', true], ['ZZ', '', false],
  ];
  for (const [country, code, ok] of cases) {
    it(`${country} ${JSON.stringify(code)} → ${ok ? 'valid' : 'invalid'}`, () => expect(checkPostalCode(country, code).ok).toBe(ok));
  }
  it('names the expected format', () => {
    expect(checkPostalCode('DE', '1011')).toEqual({ ok: false, message: 'is not a valid DE postal code (e.g. 10115)' });
  });
});
