import { describe, expect, it } from 'vitest';
import {
  defaultReturnPolicy,
  lineEligibility,
  restockingFee,
  shippingPayer,
  termsFor,
  windowEndsAt,
  type LineReturnFacts,
  type ReturnPolicy,
} from '../../src/domain/returns/return-policy.js';
import { canReturnTransition, claimsQuantity, nextReturnStates } from '../../src/domain/returns/return-states.js';
import { orderAdjustments } from '../../src/domain/orders/order-adjustments.js';

const policy: ReturnPolicy = {
  timeZone: 'Europe/Berlin',
  defaults: { windowDays: 14, restockingFeeBps: 0, returnShippingPaidBy: 'customer', exchangeAllowed: true, condition: null },
  productTypes: [
    { type: 'electronics', skuPrefixes: ['EL-'] },
    { type: 'apparel', skuPrefixes: ['AP-', 'SHOE-'] },
  ],
  rules: [
    { productType: 'electronics', windowDays: 30, restockingFeeBps: 1500, exchangeAllowed: false, condition: 'unopened' },
    { channel: 'amazon', windowDays: 30 },
    { channel: 'pos', productType: 'apparel', windowDays: 60, returnShippingPaidBy: 'merchant' },
  ],
  finalSaleSkus: ['AP-SALE-1'],
};

const line = (over: Partial<LineReturnFacts> = {}): LineReturnFacts => ({
  lineId: 'l1', sku: 'AP-TEE', returnable: true, delivered: 2, claimed: 0, deliveredAt: new Date('2026-03-20T10:00:00Z'), ...over,
});

describe('return policy: terms per channel and product type', () => {
  it('overlays defaults with the matching rules, the most specific last', () => {
    expect(termsFor(policy, 'web', 'AP-TEE')).toMatchObject({ windowDays: 14, productType: 'apparel', returnShippingPaidBy: 'customer' });
    expect(termsFor(policy, 'amazon', 'AP-TEE')).toMatchObject({ windowDays: 30 });
    expect(termsFor(policy, 'pos', 'SHOE-1')).toMatchObject({ windowDays: 60, returnShippingPaidBy: 'merchant', productType: 'apparel' });
    // type rule beats channel rule: electronics on amazon keeps the electronics fee and no exchange
    expect(termsFor(policy, 'amazon', 'EL-TV')).toMatchObject({ windowDays: 30, restockingFeeBps: 1500, exchangeAllowed: false, condition: 'unopened' });
    expect(termsFor(policy, 'web', 'OTHER')).toMatchObject({ windowDays: 14, productType: null });
  });
});

describe('return window: counted in the shop time zone from the local day of delivery', () => {
  // Delivered 2026-03-20 in Berlin (CET, +1). 14 days → last day 2026-04-03, which is CEST (+2):
  // the window closes at local midnight 2026-04-04 00:00 CEST = 2026-04-03T22:00Z (not 23:00Z).
  it('ends at local midnight after the last day, across the spring DST switch', () => {
    expect(windowEndsAt(policy, new Date('2026-03-20T10:00:00Z'), 14).toISOString()).toBe('2026-04-03T22:00:00.000Z');
    const at = (iso: string) => lineEligibility(policy, 'web', line(), new Date(iso));
    expect(at('2026-04-03T21:59:59.999Z')).toMatchObject({ eligible: true, quantity: 2, reason: null });
    expect(at('2026-04-03T22:00:00.000Z')).toMatchObject({ eligible: false, reason: 'window_expired', quantity: 0 });
  });

  it('a delivery late in the evening local time counts on that local day (UTC already the next day)', () => {
    // 2026-10-10T22:30Z is 00:30 on 2026-10-11 in Berlin (CEST): the local delivery day is the 11th.
    const d = new Date('2026-10-10T22:30:00Z');
    // 14 days → last day 2026-10-25 (the autumn switch day, 25 hours long); ends 2026-10-26 00:00 CET = 2026-10-25T23:00Z
    expect(windowEndsAt(policy, d, 14).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(lineEligibility(policy, 'web', line({ deliveredAt: d }), new Date('2026-10-25T22:59:59Z')).eligible).toBe(true);
    expect(lineEligibility(policy, 'web', line({ deliveredAt: d }), new Date('2026-10-25T23:00:00Z')).reason).toBe('window_expired');
  });

  it('other zones: New York spring forward', () => {
    const ny: ReturnPolicy = { ...defaultReturnPolicy, timeZone: 'America/New_York', defaults: { ...defaultReturnPolicy.defaults, windowDays: 1 } };
    // delivered 2026-03-07 local (EST); last day 03-08 (DST starts); ends 03-09 00:00 EDT = 04:00Z
    expect(windowEndsAt(ny, new Date('2026-03-07T15:00:00Z'), 1).toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });
});

describe('per-line eligibility with reasons', () => {
  const now = new Date('2026-03-25T12:00:00Z');
  it.each([
    [{ returnable: false }, 'non_returnable'],
    [{ sku: 'AP-SALE-1' }, 'final_sale'],
    [{ delivered: 0, deliveredAt: null }, 'not_delivered'],
    [{ claimed: 2 }, 'fully_returned'],
  ] as const)('%o → %s', (over, reason) => {
    const e = lineEligibility(policy, 'web', line(over), now);
    expect(e).toMatchObject({ eligible: false, reason, quantity: 0 });
    expect(e.detail.length).toBeGreaterThan(0);
  });

  it('partial claims leave the rest returnable; terms come with the answer', () => {
    expect(lineEligibility(policy, 'web', line({ claimed: 1 }), now)).toMatchObject({ eligible: true, quantity: 1 });
    expect(lineEligibility(policy, 'web', line({ sku: 'EL-TV' }), now)).toMatchObject({ eligible: true, restockingFeeBps: 1500, exchangeAllowed: false, condition: 'unopened' });
  });
});

describe('fees and who pays shipping', () => {
  it('restocking fee in basis points, rounded down, waived when the seller is at fault', () => {
    expect(restockingFee(1999n, 1500, 'changed_mind')).toBe(299n);
    expect(restockingFee(1999n, 1500, 'defective')).toBe(0n);
    expect(restockingFee(1999n, 0, 'changed_mind')).toBe(0n);
  });
  it('the merchant pays the label for seller-fault reasons', () => {
    expect(shippingPayer({ returnShippingPaidBy: 'customer' }, 'wrong_size')).toBe('customer');
    expect(shippingPayer({ returnShippingPaidBy: 'customer' }, 'wrong_item')).toBe('merchant');
  });
});

describe('return state table', () => {
  it('allows only the listed moves', () => {
    expect(canReturnTransition('requested', 'approved')).toBe(true);
    expect(canReturnTransition('requested', 'received')).toBe(false);
    expect(canReturnTransition('in_transit', 'cancelled')).toBe(false);
    expect(canReturnTransition('inspected', 'completed')).toBe(true);
    expect(nextReturnStates('completed')).toEqual([]);
    expect(claimsQuantity('rejected')).toBe(false);
    expect(claimsQuantity('received')).toBe(true);
  });
});

describe('order net totals', () => {
  // The example: 91.70 EUR order, the 11.90 line cancelled.
  const facts = (cancelled: number, returned = 0) => ({
    currency: 'EUR',
    total: 9170n,
    shipping: 490n,
    tax: 0n,
    discount: 0n,
    lines: [
      { id: 'a', lineTotal: 7490n, ordered: 1, cancelled: 0, shipped: 1, returned },
      { id: 'b', lineTotal: 1190n, ordered: 1, cancelled, shipped: 0, returned: 0 },
    ],
  });
  it('cancelling the 11.90 line changes what the order is worth', () => {
    expect(orderAdjustments(facts(0), 0n)).toEqual({ cancelled: 0n, returned: 0n, refunded: 0n, net: 9170n });
    expect(orderAdjustments(facts(1), 0n)).toEqual({ cancelled: 1190n, returned: 0n, refunded: 0n, net: 7980n });
  });
  it('returned units are valued at their net line value; refunds are reported as given', () => {
    expect(orderAdjustments(facts(1, 1), 7490n)).toEqual({ cancelled: 1190n, returned: 7490n, refunded: 7490n, net: 490n });
  });
});

describe('returns fraud scoring', async () => {
  const { scoreReturnFraud, defaultReturnFraudSettings: s } = await import('../../src/domain/returns/return-fraud.js');
  const facts = { customerDeliveredUnits: 10, customerReturnedUnits: 0, recentReturns: 0, hoursSinceDelivery: 100, value: 1000 };
  it('a normal customer scores 0', () => {
    expect(scoreReturnFraud(s, facts)).toEqual({ score: 0, held: false, signals: [] });
  });
  it('serial returner with a high return rate is held, with reasons', () => {
    const r = scoreReturnFraud(s, { ...facts, customerReturnedUnits: 6, recentReturns: 3 });
    expect(r).toMatchObject({ score: 70, held: true });
    expect(r.signals.map((x) => x.code)).toEqual(['high_return_rate', 'serial_returner']);
    expect(r.signals[0]!.reason).toBe('6 of 10 units delivered to this customer were already returned (60 %)');
  });
  it('a high-value return right after delivery scores but alone is not held', () => {
    expect(scoreReturnFraud(s, { ...facts, hoursSinceDelivery: 2, value: 25_000 })).toMatchObject({ score: 30, held: false, signals: [{ code: 'quick_high_value_return' }] });
  });
});
