import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bucketsAddUp, cancellable, cancelQuantity, type LineQuantities } from '../../src/domain/orders/line-quantities.js';

const q = (over: Partial<LineQuantities>): LineQuantities => ({
  ordered: 0, cancelled: 0, pending: 0, backordered: 0, allocated: 0, shipped: 0, delivered: 0, returned: 0, ...over,
});

describe('line quantity buckets', () => {
  it('adds up only when ordered = cancelled + pending + backordered + allocated + shipped', () => {
    expect(bucketsAddUp(q({ ordered: 6, pending: 1, backordered: 2, allocated: 3 }))).toBe(true);
    expect(bucketsAddUp(q({ ordered: 6, backordered: 2, allocated: 3 }))).toBe(false);
    expect(bucketsAddUp(q({ ordered: 2, shipped: 2, delivered: 3 }))).toBe(false);
    expect(bucketsAddUp(q({ ordered: 2, pending: -1, allocated: 3 }))).toBe(false);
  });

  it('cancels pending first, then backordered, then allocated (only those release stock)', () => {
    const line = q({ ordered: 6, pending: 1, backordered: 2, allocated: 3 });
    expect(cancellable(line)).toBe(6);
    expect(cancelQuantity(line, 1)).toEqual({ next: q({ ordered: 6, cancelled: 1, backordered: 2, allocated: 3 }), release: 0 });
    expect(cancelQuantity(line, 4)).toEqual({ next: q({ ordered: 6, cancelled: 4, allocated: 2 }), release: 1 });
    expect(() => cancelQuantity(q({ ordered: 2, shipped: 2 }), 1)).toThrow(/Only 0/);
  });

  it('keeps the buckets adding up for any cancellable quantity', () => {
    const line = fc
      .tuple(fc.nat(5), fc.nat(5), fc.nat(5), fc.nat(5), fc.nat(5))
      .filter(([p, b, a, s, c]) => p + b + a + s + c > 0 && p + b + a > 0)
      .map(([pending, backordered, allocated, shipped, cancelled]) =>
        q({ ordered: pending + backordered + allocated + shipped + cancelled, pending, backordered, allocated, shipped, cancelled }),
      );
    fc.assert(
      fc.property(line, fc.nat(100), (l, r) => {
        const n = 1 + (r % cancellable(l));
        const { next, release } = cancelQuantity(l, n);
        expect(bucketsAddUp(next)).toBe(true);
        expect(release).toBe(Math.max(0, n - l.pending - l.backordered));
        expect(l.allocated - next.allocated).toBe(release);
      }),
      { numRuns: 200 },
    );
  });
});
