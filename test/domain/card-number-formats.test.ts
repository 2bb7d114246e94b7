import { describe, expect, it } from 'vitest';
import { containsCardNumber, findCardNumber, scrubCardNumbers } from '../../src/domain/payments/card-number.js';
import { cardFormats, notCards } from '../support/card-formats.js';

describe('card numbers in every format are found and scrubbed', () => {
  it('covers at least 72 formats', () => expect(cardFormats.length).toBeGreaterThanOrEqual(72));

  it.each(cardFormats)('%s', (_what, text) => {
    expect(containsCardNumber(text)).toBe(true);
    expect(findCardNumber({ note: text })).toBe('note');
    const scrubbed = scrubCardNumbers(text);
    expect(scrubbed).toContain('[card number removed]');
    expect(containsCardNumber(scrubbed)).toBe(false);
    // As they appear in log lines: JSON-escaped, and URL-encoded in a logged URL.
    const json = JSON.stringify({ note: text });
    expect(containsCardNumber(json)).toBe(true);
    expect(containsCardNumber(scrubCardNumbers(json))).toBe(false);
    expect(JSON.parse(scrubCardNumbers(json))).toEqual({ note: expect.stringContaining('[card number removed]') });
    const url = `/api/v1/orders?q=${encodeURIComponent(text)}`;
    expect(containsCardNumber(url)).toBe(true);
    expect(containsCardNumber(decodeURIComponent(scrubCardNumbers(url)))).toBe(false);
  });

  it.each(notCards)('ignores %s', (_what, text) => {
    expect(containsCardNumber(text)).toBe(false);
    expect(scrubCardNumbers(text)).toBe(text);
  });

  it('walks 100,000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = { note: '4111 1111 1111 1111' };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findCardNumber(deep)).toMatch(/^0(\.0)*\.note$/);
    let clean: unknown = 'fine';
    for (let i = 0; i < 100_000; i++) clean = { a: clean };
    expect(findCardNumber(clean)).toBeUndefined();
  });

  it('reports the first offending field in document order', () => {
    expect(findCardNumber({ a: 'ok', b: ['x', '4111111111111111'], c: '5555555555554444' })).toBe('b.1');
  });
});
