import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shopOffers, type PricedOffer } from '../../../src/domain/shipping/offer-shop.js';
import { decimalToMinor, gramsToOunces, mmToInches } from '../../../src/modules/shipping/carriers/adapter.js';

const offer = (service: string, amount: bigint, estimatedDays: number | null, over: Partial<PricedOffer> = {}): PricedOffer => ({
  rateId: `rate_${service}`, carrier: 'USPS', service, amount, currency: 'USD', estimatedDays, deliveryDate: null, ...over,
});

describe('shopOffers (aggregator rates)', () => {
  const offers = [offer('Express', 2490n, 1), offer('Ground', 910n, 5), offer('Priority', 758n, 2)];
  it('cheapest without a promise; delivery = ship date + days', () => {
    const r = shopOffers({ offers, shipDate: '2026-11-26' });
    expect(r.chosen).toMatchObject({ service: 'Priority', deliveryDate: '2026-11-28', meetsPromise: true });
    expect(r.options.map((o) => o.service)).toEqual(['Priority', 'Ground', 'Express']);
  });
  it('cheapest meeting the promise, else the earliest (late)', () => {
    expect(shopOffers({ offers, shipDate: '2026-11-26', promisedDate: '2026-11-27' }).chosen!.service).toBe('Express');
    const late = shopOffers({ offers, shipDate: '2026-11-26', promisedDate: '2026-11-26' });
    expect(late.chosen).toMatchObject({ service: 'Express', meetsPromise: false });
    expect(late.reason).toContain('late');
  });
  it('a fixed service (case-insensitive); another currency is left out; nothing → null', () => {
    expect(shopOffers({ offers, shipDate: '2026-11-26', service: 'ground' }).chosen!.service).toBe('Ground');
    expect(shopOffers({ offers: [...offers, offer('Cheap', 1n, 1, { currency: 'EUR' })], shipDate: '2026-11-26' }).chosen!.service).toBe('Priority');
    expect(shopOffers({ offers, shipDate: '2026-11-26', service: 'none' }).chosen).toBeNull();
  });
  it('property: the chosen offer meets the promise whenever one can, and none that can is cheaper', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ amount: fc.bigInt({ min: 1n, max: 100_000n }), days: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }) }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 10 }), (xs, p) => {
        const os = xs.map((x, i) => offer(`s${i}`, x.amount, x.days));
        const promised = `2026-12-${String(1 + p).padStart(2, '0')}`;
        const r = shopOffers({ offers: os, shipDate: '2026-12-01', promisedDate: promised });
        const ok = r.options.filter((o) => o.meetsPromise);
        if (ok.length) {
          expect(r.chosen!.meetsPromise).toBe(true);
          for (const o of ok) expect(r.chosen!.amount <= o.amount).toBe(true);
        } else expect(r.chosen!.meetsPromise).toBe(false);
      }),
    );
  });
});

describe('units and amounts for the carrier APIs', () => {
  it('decimal strings to minor units exactly, per currency exponent', () => {
    expect(decimalToMinor('7.58', 'USD')).toBe(758n);
    expect(decimalToMinor('7.5', 'usd')).toBe(750n);
    expect(decimalToMinor('1200', 'JPY')).toBe(1200n);
    expect(decimalToMinor('0.125', 'BHD')).toBe(125n);
    expect(() => decimalToMinor('7.585', 'USD')).toThrow(/more decimals/);
    expect(() => decimalToMinor('-1', 'USD')).toThrow();
  });
  it('grams to ounces and millimetres to inches, one decimal', () => {
    expect(gramsToOunces(1000)).toBe(35.3);
    expect(gramsToOunces(1)).toBe(0.1);
    expect(mmToInches(254)).toBe(10);
    expect(mmToInches(300)).toBe(11.8);
  });
});
