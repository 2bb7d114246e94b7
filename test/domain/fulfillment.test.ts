import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseCarton, itemFits, type Box, type PackItem } from '../../src/domain/fulfillment/carton.js';
import { buildWave, compareBins, sortPickWalk } from '../../src/domain/fulfillment/pick-walk.js';
import { matchScan, normaliseScan } from '../../src/domain/fulfillment/scan-code.js';
import { canFulfillmentTransition, fulfillmentStatuses, fulfillmentTransitions, terminalFulfillmentStatuses } from '../../src/domain/fulfillment/fulfillment-states.js';
import { validateTransitionTable } from '../../src/domain/orders/order-states.js';

const box = (code: string, l: number, w: number, h: number, maxWeightGrams = 10_000, tareWeightGrams = 100): Box => ({ code, lengthMm: l, widthMm: w, heightMm: h, maxWeightGrams, tareWeightGrams });
const item = (sku: string, l: number | null, w: number | null, h: number | null, weightGrams: number | null = 100): PackItem => ({ sku, lengthMm: l, widthMm: w, heightMm: h, weightGrams });
const catalog = [box('L', 500, 400, 300, 20_000, 400), box('S', 200, 150, 100, 2_000, 80), box('M', 300, 250, 150, 5_000, 150), box('TUBE', 800, 100, 100, 3_000, 120)];

describe('fulfillment state table', () => {
  it('is valid: reachable, terminal states without exits', () => {
    expect(validateTransitionTable(fulfillmentStatuses, 'open', fulfillmentTransitions, terminalFulfillmentStatuses)).toEqual([]);
    expect(canFulfillmentTransition('open', 'picking')).toBe(true);
    expect(canFulfillmentTransition('open', 'packed')).toBe(false);
    expect(canFulfillmentTransition('packed', 'handed_off')).toBe(true);
    expect(canFulfillmentTransition('handed_off', 'cancelled')).toBe(false);
    expect(canFulfillmentTransition('ready_for_pickup', 'picked_up')).toBe(true);
  });
});

describe('carton choice', () => {
  it.each([
    ['one small item → smallest box', [item('A', 100, 50, 20)], 'S'],
    ['rotated to fit: 140×190×90 fits S (200×150×100)', [item('A', 140, 190, 90)], 'S'],
    ['too long for S, M, L but fits the tube', [item('ROD', 700, 50, 50)], 'TUBE'],
    ['volume: 3 × 1.5 L exceeds S (3 L) → the tube (8 L, smaller than M)', [item('A', 150, 100, 100), item('A', 150, 100, 100), item('A', 150, 100, 100)], 'TUBE'],
    ['volume: 4 × 1.5 L fits the tube; a 160 mm wide item does not → M', [item('A', 150, 100, 100), item('B', 160, 160, 100)], 'M'],
    ['weight: 2.5 kg exceeds S (2 kg) → the tube (3 kg)', [item('A', 100, 100, 100, 2_500)], 'TUBE'],
    ['weight: 4 kg exceeds the tube (3 kg) → M (5 kg)', [item('A', 100, 100, 100, 4_000)], 'M'],
    ['unknown dimensions count only by weight', [item('A', null, null, null, 300)], 'S'],
  ] as const)('%s', (_name, items, expected) => {
    const c = chooseCarton(items as readonly PackItem[], catalog);
    expect(c.ok && c.box.code).toBe(expected);
  });

  it('gross weight = contents + tare', () => {
    const c = chooseCarton([item('A', 100, 50, 20, 250), item('B', 10, 10, 10, 50)], catalog);
    expect(c).toMatchObject({ ok: true, contentWeightGrams: 300, grossWeightGrams: 380 });
  });

  it('explains when nothing fits', () => {
    const tooBig = chooseCarton([item('SOFA', 2000, 900, 800)], catalog);
    expect(tooBig).toMatchObject({ ok: false });
    expect(!tooBig.ok && tooBig.reason).toMatch(/^No box in the catalog fits: SOFA \(2000×900×800 mm\) does not fit in/);
    const heavy = chooseCarton([item('ANVIL', 100, 100, 100, 50_000)], catalog);
    expect(!heavy.ok && heavy.reason).toContain('weigh 50000 g');
    expect(chooseCarton([item('A', 1, 1, 1)], [])).toMatchObject({ ok: false, reason: 'The box catalog has no active boxes' });
  });

  it('property: the chosen box takes every item, and no smaller box would', () => {
    const dim = fc.integer({ min: 10, max: 600 });
    const it_ = fc.record({ sku: fc.constant('X'), lengthMm: dim, widthMm: dim, heightMm: dim, weightGrams: fc.integer({ min: 1, max: 6000 }) });
    fc.assert(
      fc.property(fc.array(it_, { minLength: 1, maxLength: 5 }), (items) => {
        const c = chooseCarton(items, catalog);
        const vol = (b: Box) => b.lengthMm * b.widthMm * b.heightMm;
        const fitsAll = (b: Box) =>
          items.every((i) => itemFits(i, b)) &&
          items.reduce((s, i) => s + i.lengthMm * i.widthMm * i.heightMm, 0) <= vol(b) &&
          items.reduce((s, i) => s + i.weightGrams, 0) <= b.maxWeightGrams;
        if (c.ok) {
          expect(fitsAll(c.box)).toBe(true);
          for (const b of catalog) if (vol(b) < vol(c.box)) expect(fitsAll(b)).toBe(false);
        } else {
          expect(catalog.some(fitsAll)).toBe(false);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe('pick walk', () => {
  it('orders bins naturally, lines without a bin last', () => {
    const bins = ['B-02-10', 'A-01-3', null, 'B-02-9', 'a-01-10', 'A-1-2', 'B-2-9'];
    expect([...bins].sort(compareBins)).toEqual(['A-1-2', 'A-01-3', 'a-01-10', 'B-2-9', 'B-02-9', 'B-02-10', null]);
  });

  it('sorts by bin then SKU and groups a wave by SKU with the per-order split', () => {
    expect(sortPickWalk([{ sku: 'B', bin: 'X-1' }, { sku: 'A', bin: 'X-1' }, { sku: 'C', bin: 'W-9' }]).map((i) => i.sku)).toEqual(['C', 'A', 'B']);
    const line = (fo: string, sku: string, bin: string, quantity: number) => ({ sku, bin, name: sku, gtin: null, fulfillmentOrderId: fo, fulfillmentNumber: fo, orderNumber: `SO-${fo}`, quantity, picked: 0 });
    const wave = buildWave([line('1', 'MUG', 'B-10', 1), line('2', 'MUG', 'B-10', 2), line('2', 'PEN', 'A-3', 1), line('3', 'PEN', 'A-3', 0)]);
    expect(wave.map((w) => [w.sku, w.quantity, w.orders.map((o) => [o.fulfillmentNumber, o.quantity])])).toEqual([
      ['PEN', 1, [['2', 1]]],
      ['MUG', 3, [['1', 1], ['2', 2]]],
    ]);
  });
});

describe('scan matching', () => {
  const lines = [
    { lineId: '1', sku: 'MUG-1', gtin: '4006381333931', remaining: 2, quantity: 2, picked: 0 },
    { lineId: '2', sku: 'PEN-1', gtin: '036000291452', remaining: 0, quantity: 1, picked: 1 },
    { lineId: '3', sku: '12345678', gtin: null, remaining: 1, quantity: 1, picked: 0 },
  ];
  it('normalises GTIN-8/12/13/14, AIM prefixes and the (01) identifier', () => {
    expect(normaliseScan(' 036000291452 ')).toEqual({ kind: 'gtin', gtin14: '00036000291452', raw: '036000291452' });
    expect(normaliseScan(']E04006381333931')).toMatchObject({ kind: 'gtin', gtin14: '04006381333931' });
    expect(normaliseScan('(01)04006381333931')).toMatchObject({ kind: 'gtin', gtin14: '04006381333931' });
    expect(normaliseScan('96385074')).toMatchObject({ kind: 'gtin', gtin14: '00000096385074' });
    expect(normaliseScan('4006381333932')).toEqual({ kind: 'invalid_gtin', raw: '4006381333932', message: 'Not a valid barcode: check digit of 4006381333932 is wrong' });
    expect(normaliseScan('MUG-1')).toEqual({ kind: 'text', raw: 'MUG-1' });
  });
  it('matches by GTIN in any length, then SKU; refuses over-picks, wrong items and bad check digits', () => {
    expect(matchScan(normaliseScan('04006381333931'), lines)).toMatchObject({ ok: true, line: { lineId: '1' } });
    expect(matchScan(normaliseScan('MUG-1'), lines, 2)).toMatchObject({ ok: true, line: { lineId: '1' } });
    expect(matchScan(normaliseScan('MUG-1'), lines, 3)).toEqual({ ok: false, reason: 'over_pick', sku: 'MUG-1', message: 'Over-pick: line MUG-1 needs 2, 0 already picked (scanned 3)' });
    expect(matchScan(normaliseScan('00036000291452'), lines)).toEqual({ ok: false, reason: 'over_pick', sku: 'PEN-1', message: 'Over-pick: line PEN-1 needs 1, 1 already picked' });
    expect(matchScan(normaliseScan('BOOK-1'), lines)).toMatchObject({ ok: false, reason: 'not_on_list' });
    expect(matchScan(normaliseScan('9780306406158'), lines)).toMatchObject({ ok: false, reason: 'invalid_barcode' });
    // An all-digit SKU that is not a valid GTIN still matches its SKU exactly.
    expect(matchScan(normaliseScan('12345678'), lines)).toMatchObject({ ok: true, line: { lineId: '3' } });
  });
});
