import { describe, expect, it } from 'vitest';
import { declare, dutyRateFor, type CustomsItem, type DestinationDuties } from '../../../src/domain/shipping/customs.js';
import { convert } from '../../../src/domain/shipping/fx.js';

const shirt: CustomsItem = { sku: 'SHIRT', description: 'Linen shirt', quantity: 2, unitValue: 4990n, unitWeightGrams: 300, hsCode: '6205.90', originCountry: 'PT' };
const lamp: CustomsItem = { sku: 'LAMP', description: 'Desk lamp', quantity: 1, unitValue: 12900n, unitWeightGrams: 1400, hsCode: '9405.21', originCountry: 'DE' };
const thresholds = { cn22MaxValue: 38000n, cn22MaxWeightGrams: 2000 };
const uk: DestinationDuties = { country: 'GB', dutyByHsPrefix: { '62': 1200, '6205': 1000, '94': 270 }, defaultDutyBp: 400, vatBp: 2000, vatOnShipping: true, dutyDeMinimis: 15000n };

describe('customs declaration', () => {
  it('itemises lines, totals value and weight, and picks CN22 for small light parcels', () => {
    const d = declare({ items: [shirt], packagingWeightGrams: 150, shipping: 990n, thresholds, duties: uk, incoterm: 'DAP' });
    expect(d.lines[0]).toMatchObject({ lineValue: 9980n, lineWeightGrams: 600, dutyBp: 1000 });
    expect(d).toMatchObject({ form: 'CN22', totalValue: 9980n, totalWeightGrams: 750, payer: 'recipient', missing: [] });
    // Under the duty de minimis (150.00): no duty; VAT 20 % of goods + shipping = 0.2 × 10970 = 2194.
    expect(d.duty).toBe(0n);
    expect(d.vat).toBe(2194n);
  });
  it('moves to CN23 over the value limit and over the weight limit, saying which', () => {
    const heavy = declare({ items: [{ ...lamp, unitValue: 100n, quantity: 2 }], packagingWeightGrams: 0, shipping: 0n, thresholds, duties: uk, incoterm: 'DAP' });
    expect(heavy).toMatchObject({ form: 'CN23', formReason: 'weight 2800 g is over the CN22 limit 2000 g' });
    const dear = declare({ items: [{ ...shirt, unitValue: 20000n }], packagingWeightGrams: 0, shipping: 0n, thresholds, duties: uk, incoterm: 'DAP' });
    expect(dear).toMatchObject({ form: 'CN23', formReason: 'value 40000 is over the CN22 limit 38000' });
  });
  it('estimates duties and VAT under DDP with the longest matching HS prefix', () => {
    const d = declare({ items: [shirt, lamp], packagingWeightGrams: 200, shipping: 1500n, thresholds, duties: uk, incoterm: 'DDP' });
    // shirt 99.80 × 10 % = 9.98; lamp 129.00 × 2.7 % = 3.483 → 3.48 ⇒ duty 13.46
    expect(d.duty).toBe(998n + 348n);
    // VAT 20 % × (228.80 + 13.46 + 15.00) = 51.452 → 51.45
    expect(d.vat).toBe(5145n);
    expect(d.payer).toBe('shipper');
    expect(dutyRateFor('6205.90.10', uk)).toBe(1000);
    expect(dutyRateFor('6201', uk)).toBe(1200);
    expect(dutyRateFor(null, uk)).toBe(400);
  });
  it('lists what a customs officer would ask for', () => {
    const d = declare({ items: [{ ...shirt, hsCode: null, originCountry: null }], packagingWeightGrams: 0, shipping: 0n, thresholds, duties: uk, incoterm: 'DAP' });
    expect(d.missing).toEqual(['SHIRT: HS code', 'SHIRT: country of origin']);
  });
});

describe('currency conversion', () => {
  const rates = [{ from: 'EUR', to: 'JPY', rate: '162.35' }, { from: 'EUR', to: 'BHD', rate: '0.4103' }, { from: 'EUR', to: 'USD', rate: '1.0856' }];
  it('respects each currency’s exponent and rounds half to even', () => {
    expect(convert(1000n, 'EUR', 'JPY', rates)).toBe(1624n); // 1623.5 → 1624 (even)
    expect(convert(3000n, 'EUR', 'JPY', rates)).toBe(4870n); // 4870.5 → 4870 (even)
    expect(convert(1000n, 'EUR', 'BHD', rates)).toBe(4103n); // 4.103 BHD = 4103 fils
    expect(convert(1000n, 'USD', 'EUR', rates)).toBe(921n); // 10 / 1.0856 = 9.2115…
    expect(convert(4990n, 'EUR', 'EUR', rates)).toBe(4990n);
  });
  it('refuses unknown pairs and bad rates', () => {
    expect(() => convert(1n, 'EUR', 'GBP', rates)).toThrow(/No exchange rate EUR→GBP/);
    expect(() => convert(1n, 'EUR', 'USD', [{ from: 'EUR', to: 'USD', rate: '0' }])).toThrow(/positive decimal/);
    expect(() => convert(1n, 'EUR', 'USD', [{ from: 'EUR', to: 'USD', rate: '1e3' }])).toThrow(/positive decimal/);
  });
});

describe('restricted goods', async () => {
  const { restrictedLines } = await import('../../../src/domain/shipping/restrictions.js');
  const rules = [
    { hsPrefix: '2208', reason: 'spirits are not shipped to this country' },
    { sku: 'LITHIUM-PACK', reason: 'loose lithium batteries cannot fly' },
  ];
  it('matches by HS prefix (ignoring dots) and by SKU, reporting the line index', () => {
    expect(
      restrictedLines(
        [
          { sku: 'GIN', hsCode: '2208.50' },
          { sku: 'SHIRT', hsCode: '6205.90' },
          { sku: 'LITHIUM-PACK', hsCode: null },
          { sku: 'NOHS', hsCode: null },
        ],
        rules,
      ),
    ).toEqual([
      { index: 0, sku: 'GIN', reason: 'spirits are not shipped to this country' },
      { index: 2, sku: 'LITHIUM-PACK', reason: 'loose lithium batteries cannot fly' },
    ]);
  });
});
