import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boxRefusal, chooseCarton, type Box, type PackItem } from '../../src/domain/fulfillment/carton.js';
import { splitIntoCartons } from '../../src/modules/fulfillment/pack-plan.js';

const catalog: Box[] = [
  { code: 'S', lengthMm: 200, widthMm: 150, heightMm: 100, maxWeightGrams: 2000, tareWeightGrams: 80 },
  { code: 'M', lengthMm: 300, widthMm: 250, heightMm: 150, maxWeightGrams: 5000, tareWeightGrams: 150 },
  { code: 'L', lengthMm: 500, widthMm: 400, heightMm: 300, maxWeightGrams: 20000, tareWeightGrams: 400 },
];
const item = (id: string, sku: string, mm: [number, number, number] | null, weightGrams: number | null) => ({
  id, sku, lengthMm: mm?.[0] ?? null, widthMm: mm?.[1] ?? null, heightMm: mm?.[2] ?? null, weightGrams,
});

describe('splitIntoCartons (no single box takes everything)', () => {
  it('splits by weight: three 8 kg anvils and a pen go into two L cartons, each the smallest that fits', () => {
    const items = [item('a1', 'ANVIL', [100, 100, 100], 8000), item('a2', 'ANVIL', [100, 100, 100], 8000), item('a3', 'ANVIL', [100, 100, 100], 8000), item('p', 'PEN', [150, 20, 20], 40)];
    expect(chooseCarton(items, catalog).ok).toBe(false);
    const split = splitIntoCartons(items, catalog)!;
    expect(split.map((c) => [c.box.code, c.items.map((i) => i.id)])).toEqual([['L', ['a1', 'a2', 'p']], ['L', ['a3']]]);
  });

  it('splits by volume and shrinks the last carton to a smaller box', () => {
    // 14 units of 250×200×100 mm (5 L, 1 kg): 70 L exceed L's 60 L → 12 in L, the other 2 (10 L, 2 kg) fit M (11.25 L, 5 kg).
    const items = Array.from({ length: 14 }, (_, i) => item(`u${i}`, 'TILE', [250, 200, 100], 1000));
    const split = splitIntoCartons(items, catalog)!;
    expect(split.map((c) => [c.box.code, c.items.length])).toEqual([['L', 12], ['M', 2]]);
  });

  it('gives up when a unit fits no box even alone, or when more than maxCartons would be needed', () => {
    expect(splitIntoCartons([item('s', 'SOFA', [2000, 900, 800], 40000)], catalog)).toBeNull();
    expect(splitIntoCartons([item('h', 'HEAVY', [10, 10, 10], 25000)], catalog)).toBeNull();
    const many = Array.from({ length: 4 }, (_, i) => item(`a${i}`, 'ANVIL', [100, 100, 100], 15000));
    expect(splitIntoCartons(many, catalog, 3)).toBeNull();
    expect(splitIntoCartons(many, catalog)!.map((c) => c.box.code)).toEqual(['L', 'L', 'L', 'L']);
  });

  it('large orders: 5,000 pens fill ten L cartons by weight; 30,000 would need more than 50 cartons', () => {
    const pens = (n: number) => Array.from({ length: n }, (_, i) => item(`p${i}`, 'PEN', [150, 20, 20], 40));
    const split = splitIntoCartons(pens(5000), catalog)!;
    expect(split.map((c) => [c.box.code, c.items.length])).toEqual(Array.from({ length: 10 }, () => ['L', 500]));
    expect(splitIntoCartons(pens(30_000), catalog)).toBeNull();
  });

  it('property: every unit lands in exactly one carton and every carton\'s box takes its contents', () => {
    const arbItem = fc.record({
      dims: fc.option(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 300 })), { nil: null }),
      weightGrams: fc.option(fc.integer({ min: 1, max: 19_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(arbItem, { minLength: 1, maxLength: 30 }), (raw) => {
        const items = raw.map((r, i) => item(`i${i}`, `SKU${i}`, r.dims, r.weightGrams));
        const split = splitIntoCartons(items, catalog);
        expect(split).not.toBeNull(); // every generated unit fits L alone
        const ids = split!.flatMap((c) => c.items.map((i) => i.id)).sort();
        expect(ids).toEqual(items.map((i) => i.id).sort());
        for (const c of split!) {
          expect(boxRefusal(c.items as PackItem[], c.box)).toBeNull();
          expect(chooseCarton(c.items, catalog)).toMatchObject({ ok: true, box: { code: c.box.code } }); // the smallest box
        }
      }),
      { numRuns: 200 },
    );
  });
});
