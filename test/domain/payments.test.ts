import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureDue, chargeableTotal, netLineTotals, refundLineValue, spread, unitsValue, type OrderValueFacts } from '../../src/domain/payments/order-value.js';
import { orderPaymentStatus, paymentStatus } from '../../src/domain/payments/payment-status.js';

const p = (amount: number, authorized: number, captured = 0, refunded = 0, voided = 0) => ({
  amount: BigInt(amount),
  authorized: BigInt(authorized),
  captured: BigInt(captured),
  refunded: BigInt(refunded),
  voided: BigInt(voided),
});

describe('payment status', () => {
  it.each([
    [p(100, 0), 'pending', 'pending'],
    [p(100, 0), 'failed', 'failed'],
    [p(100, 0), 'requires_action', 'requires_action'],
    [p(100, 100), 'authorized', 'authorized'],
    [p(100, 100, 40), 'authorized', 'partially_captured'],
    [p(100, 100, 40, 0, 60), 'authorized', 'captured'],
    [p(100, 100, 100, 10), 'authorized', 'partially_refunded'],
    [p(100, 100, 100, 100), 'authorized', 'refunded'],
    [p(100, 100, 0, 0, 100), 'authorized', 'voided'],
  ] as const)('%o in state %s → %s', (amounts, state, want) => {
    expect(paymentStatus(amounts, state)).toBe(want);
  });

  it.each([
    [[], 'unpaid'],
    [[{ ...p(100, 0), status: 'failed' as const }], 'failed'],
    [[{ ...p(100, 0), status: 'failed' as const }, { ...p(100, 0), status: 'pending' as const }], 'unpaid'],
    [[{ ...p(50, 50), status: 'authorized' as const }, { ...p(50, 0), status: 'failed' as const }], 'authorized'],
    [[{ ...p(50, 50, 50), status: 'captured' as const }, { ...p(50, 50), status: 'authorized' as const }], 'partially_captured'],
    [[{ ...p(50, 50, 50), status: 'captured' as const }, { ...p(50, 50, 50), status: 'captured' as const }], 'captured'],
    [[{ ...p(50, 50, 50, 50), status: 'refunded' as const }, { ...p(50, 50, 50), status: 'captured' as const }], 'partially_refunded'],
    [[{ ...p(50, 50, 50, 50), status: 'refunded' as const }], 'refunded'],
    [[{ ...p(50, 50, 0, 0, 50), status: 'voided' as const }], 'unpaid'],
  ] as const)('order with %o → %s', (list, want) => {
    expect(orderPaymentStatus([...list])).toBe(want);
  });
});

const factsArb = fc
  .record({
    lines: fc.array(fc.record({ lineTotal: fc.bigInt({ min: 0n, max: 10_000_000n }), ordered: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 5 }),
    shipping: fc.bigInt({ min: 0n, max: 5000n }),
    tax: fc.bigInt({ min: 0n, max: 5000n }),
    discountPermille: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ lines, shipping, tax, discountPermille }): OrderValueFacts => {
    const subtotal = lines.reduce((s, l) => s + l.lineTotal, 0n);
    return { currency: 'EUR', lines: lines.map((l, i) => ({ id: `l${i}`, ...l, cancelled: 0, shipped: 0 })), shipping, tax, discount: (subtotal * BigInt(discountPermille)) / 1000n };
  });

describe('order value rules (capture due, chargeable total, refunds)', () => {
  it('unitsValue is cumulative: shipments in any split add up to the line value exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), (net, parts) => {
        const ordered = parts.reduce((s, x) => s + x, 0);
        let shipped = 0;
        let sum = 0n;
        for (const q of parts) {
          sum += unitsValue(net, ordered, shipped + q) - unitsValue(net, ordered, shipped);
          shipped += q;
        }
        expect(sum).toBe(net);
      }),
    );
  });

  it('shipping everything captures exactly the order total; each step never decreases and never exceeds it', () => {
    fc.assert(
      fc.property(factsArb, fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), (facts, picks) => {
        const total = facts.lines.reduce((s, l) => s + l.lineTotal, 0n) + facts.shipping + facts.tax - facts.discount;
        const nets = netLineTotals(facts);
        expect([...nets.values()].reduce((s, x) => s + x, 0n)).toBe(total - facts.shipping - facts.tax);
        let last = 0n;
        for (const pick of picks) {
          const open = facts.lines.filter((l) => l.shipped < l.ordered);
          if (!open.length) break;
          open[pick % open.length]!.shipped++;
          const due = captureDue(facts);
          expect(due).toBeGreaterThanOrEqual(last);
          expect(due).toBeLessThanOrEqual(total);
          last = due;
        }
        for (const l of facts.lines) l.shipped = l.ordered;
        expect(captureDue(facts)).toBe(total);
        expect(chargeableTotal(facts)).toBe(total);
      }),
    );
  });

  it('charges shipping and tax with the first shipment', () => {
    const facts: OrderValueFacts = { currency: 'EUR', lines: [{ id: 'a', lineTotal: 3000n, ordered: 3, cancelled: 0, shipped: 1 }], shipping: 495n, tax: 100n, discount: 0n };
    expect(captureDue(facts)).toBe(1000n + 495n + 100n);
  });

  it('cancelling everything owes nothing; cancelling some keeps the rest exact', () => {
    const facts: OrderValueFacts = { currency: 'EUR', lines: [{ id: 'a', lineTotal: 1000n, ordered: 3, cancelled: 3, shipped: 0 }], shipping: 495n, tax: 0n, discount: 0n };
    expect(chargeableTotal(facts)).toBe(0n);
    facts.lines[0]!.cancelled = 1;
    expect(chargeableTotal(facts)).toBe(666n + 495n);
  });

  it('refunding a line unit by unit returns exactly the line value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 1, max: 12 }), (net, ordered) => {
        let sum = 0n;
        for (let i = 0; i < ordered; i++) sum += refundLineValue(net, ordered, i, 1);
        expect(sum).toBe(net);
      }),
    );
  });

  it('spread fills slots in order and reports what is left', () => {
    expect(spread(500n, [{ id: 'a', free: 300n }, { id: 'b', free: 900n }])).toEqual({ parts: [{ id: 'a', amount: 300n }, { id: 'b', amount: 200n }], left: 0n });
    expect(spread(500n, [{ id: 'a', free: 0n }, { id: 'b', free: 100n }])).toEqual({ parts: [{ id: 'b', amount: 100n }], left: 400n });
  });
});
