import { describe, expect, it } from 'vitest';
import { containsCardNumber, findCardNumber, luhnValid, scrubCardNumbers } from '../../src/domain/payments/card-number.js';
import { isValidGtin } from '../../src/domain/gtin.js';

/** A GTIN-13 whose digits also pass Luhn (about 1 in 10 do): it must still be accepted in a gtin field. */
const luhnPassingGtin13 = '4006381334013';

describe('card number detection', () => {
  it.each([
    '4111111111111111',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '5555555555554444',
    '378282246310005',
    '3782 822463 10005',
    '30569309025904',
    '3056 930902 5904',
    '6011111111111117',
    '2223003122003222',
    '4000 0566 5566 5556',
    'card: 4242424242424242, exp 12/30',
    'x4242424242424242y',
  ])('finds %s', (s) => {
    expect(containsCardNumber(s)).toBe(true);
    expect(scrubCardNumbers(s)).not.toMatch(/\d{13}/);
  });

  it.each([
    ['an Amazon order id', '123-1234567-1234567'],
    ['a Luhn-failing number', '4111111111111112'],
    ['an epoch in ms', '1700000000000'],
    ['a 20-digit run', '41111111111111111111'],
    ['odd grouping', '41 11 11 11 11 11 11 11'],
    ['a uuid', '01a21706-efa2-73d6-ae73-aeea092574e0'],
    ['a price', '4111.11'],
    ['a phone number', '+49 30 1234 5678'],
  ])('ignores %s', (_what, s) => {
    expect(containsCardNumber(s)).toBe(false);
    expect(scrubCardNumbers(s)).toBe(s);
  });

  it('the test GTIN passes Luhn and starts with an issuer digit, so only the field exemption lets it through', () => {
    expect(isValidGtin(luhnPassingGtin13)).toBe(true);
    expect(luhnValid(luhnPassingGtin13)).toBe(true);
    expect(containsCardNumber(luhnPassingGtin13)).toBe(true);
    expect(findCardNumber({ gtin: luhnPassingGtin13 })).toBeUndefined();
    expect(findCardNumber({ items: [{ barcode: luhnPassingGtin13 }] })).toBeUndefined();
    expect(findCardNumber({ note: luhnPassingGtin13 })).toBe('note');
    expect(findCardNumber({ gtin: '4111111111111111' })).toBe('gtin'); // 16 digits: not a GTIN size
  });

  it('names the deep path and checks large JSON numbers', () => {
    expect(findCardNumber({ lines: [{ sku: 'A' }, { customization: { engraving: 'for 5555 5555 5555 4444' } }] })).toBe('lines.1.customization.engraving');
    expect(findCardNumber({ amount: 4111111111111111 })).toBe('amount');
    expect(findCardNumber({ amount: 4990 })).toBeUndefined();
  });
});

describe('scrubbing keeps JSON log lines valid', () => {
  it('quotes the replacement where a JSON number stood, and leaves decimal fractions alone', () => {
    const line = JSON.stringify({ n: 4111111111111111, s: 'card 4242424242424242 ok', responseTime: 15.41111111111111 });
    const out = scrubCardNumbers(line);
    expect(JSON.parse(out)).toEqual({ n: '[card number removed]', s: 'card [card number removed] ok', responseTime: 15.41111111111111 });
  });
});
