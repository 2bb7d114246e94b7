import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultRiskConfig, mergeRiskConfig, normaliseAddress, ruleIds, scoreRisk, type RiskConfig, type RiskFacts, type RuleId } from '../../src/domain/risk/index.js';
import { money } from '../../src/domain/money.js';

/** A clean order: no rule hits with the defaults. */
const clean = (): RiskFacts => ({
  total: money(9980n, 'EUR'),
  email: 'ada@example.com',
  clientIp: '203.0.113.7',
  shipping: { country: 'DE', latitude: 52.517, longitude: 13.389 },
  billing: null,
  history: { orders: 0, averageTotal: null },
  velocity: { email: 0, customer: 0, ip: 0, paymentFingerprint: 0 },
  paymentFingerprint: null,
  avs: null,
  cvv: null,
  blocklist: { email: false, address: false, paymentFingerprint: false },
});

type Case = { name: string; facts: (f: RiskFacts) => RiskFacts; rule: RuleId; points: number; message: RegExp };

const cases: Case[] = [
  { name: 'first order above the limit', facts: (f) => ({ ...f, total: money(60_000n, 'EUR') }), rule: 'firstOrderValue', points: 25, message: /First order of this customer, total 600\.00 EUR above 500\.00 EUR/ },
  { name: 'value above 3× the average', facts: (f) => ({ ...f, total: money(40_000n, 'EUR'), history: { orders: 4, averageTotal: 10_000n } }), rule: 'valueVsAverage', points: 20, message: /400\.00 EUR is more than 3× the customer's average of 100\.00 EUR over 4 orders/ },
  { name: 'email velocity', facts: (f) => ({ ...f, velocity: { ...f.velocity, email: 10 } }), rule: 'velocityEmail', points: 20, message: /11 orders from this email address within 60 minutes \(more than 10\)/ },
  { name: 'customer velocity', facts: (f) => ({ ...f, velocity: { ...f.velocity, customer: 12 } }), rule: 'velocityCustomer', points: 20, message: /13 orders from this customer within 60 minutes/ },
  { name: 'IP velocity', facts: (f) => ({ ...f, velocity: { ...f.velocity, ip: 5 } }), rule: 'velocityIp', points: 60, message: /6 orders from IP 203\.0\.113\.7 within 10 minutes \(more than 5\)/ },
  { name: 'card velocity', facts: (f) => ({ ...f, paymentFingerprint: 'fp_1', velocity: { ...f.velocity, paymentFingerprint: 3 } }), rule: 'velocityPaymentFingerprint', points: 40, message: /4 orders paid with this card within 60 minutes/ },
  { name: 'billing vs shipping country', facts: (f) => ({ ...f, billing: { country: 'FR' } }), rule: 'countryMismatch', points: 15, message: /Billing country FR differs from shipping country DE/ },
  { name: 'addresses far apart', facts: (f) => ({ ...f, billing: { country: 'DE', latitude: 48.137, longitude: 11.575 }, shipping: { country: 'DE', latitude: 54.32, longitude: 10.14 } }), rule: 'addressDistance', points: 15, message: /are 69\d km apart \(more than 500 km\)/ },
  { name: 'AVS no match', facts: (f) => ({ ...f, avs: 'no_match' }), rule: 'avs', points: 30, message: /billing address does not match \(AVS\)/ },
  { name: 'AVS partial', facts: (f) => ({ ...f, avs: 'partial' }), rule: 'avs', points: 10, message: /partial billing address match/ },
  { name: 'CVV no match', facts: (f) => ({ ...f, cvv: 'no_match' }), rule: 'cvv', points: 40, message: /security code did not match/ },
  { name: 'disposable email', facts: (f) => ({ ...f, email: 'Someone@Mailinator.com' }), rule: 'disposableEmail', points: 35, message: /mailinator\.com is a disposable email service/ },
  { name: 'blocklisted email', facts: (f) => ({ ...f, blocklist: { ...f.blocklist, email: true } }), rule: 'blocklistEmail', points: 100, message: /email address is on the blocklist/ },
  { name: 'blocklisted address', facts: (f) => ({ ...f, blocklist: { ...f.blocklist, address: true } }), rule: 'blocklistAddress', points: 100, message: /address is on the blocklist/ },
  { name: 'blocklisted card', facts: (f) => ({ ...f, paymentFingerprint: 'fp_1', blocklist: { ...f.blocklist, paymentFingerprint: true } }), rule: 'blocklistPaymentFingerprint', points: 100, message: /card is on the blocklist/ },
];

const disable = (c: RiskConfig, rule: RuleId) => mergeRiskConfig(c, { rules: { [rule]: { enabled: false } } });

describe('risk scoring rules', () => {
  it('a clean order scores 0 and is accepted', () => {
    expect(scoreRisk(clean(), defaultRiskConfig)).toEqual({ score: 0, decision: 'accept', reasons: [] });
  });

  it.each(cases)('$name -> $rule adds $points points with an explanation', ({ facts, rule, points, message }) => {
    const out = scoreRisk(facts(clean()), defaultRiskConfig);
    expect(out.reasons).toHaveLength(1);
    expect(out.reasons[0]).toMatchObject({ rule, points });
    expect(out.reasons[0]!.message).toMatch(message);
    expect(out.score).toBe(Math.min(100, points));
  });

  it.each(cases)('$name with $rule disabled -> no effect', ({ facts, rule }) => {
    expect(scoreRisk(facts(clean()), disable(defaultRiskConfig, rule))).toEqual({ score: 0, decision: 'accept', reasons: [] });
  });

  it('rules do not fire at their limits', () => {
    const cfg = defaultRiskConfig;
    expect(scoreRisk({ ...clean(), total: money(50_000n, 'EUR') }, cfg).reasons).toEqual([]); // exactly the limit
    expect(scoreRisk({ ...clean(), total: money(90_000n, 'JPY') }, cfg).reasons).toEqual([]); // no limit for JPY
    expect(scoreRisk({ ...clean(), total: money(60_000n, 'EUR'), history: { orders: 1, averageTotal: 60_000n } }, cfg).reasons).toEqual([]); // not the first order, < minOrders
    expect(scoreRisk({ ...clean(), total: money(30_000n, 'EUR'), history: { orders: 3, averageTotal: 10_000n } }, cfg).reasons).toEqual([]); // exactly 3×
    expect(scoreRisk({ ...clean(), velocity: { email: 9, customer: 9, ip: 4, paymentFingerprint: 9 } }, cfg).reasons).toEqual([]); // 5th order; no card
    expect(scoreRisk({ ...clean(), clientIp: '127.0.0.1', velocity: { email: 0, customer: 0, ip: 50, paymentFingerprint: 0 } }, cfg).reasons).toEqual([]); // exempt caller
    expect(scoreRisk({ ...clean(), billing: { country: 'DE' } }, cfg).reasons).toEqual([]); // same country, no coordinates
    expect(scoreRisk({ ...clean(), avs: 'match', cvv: 'unavailable' }, cfg).reasons).toEqual([]);
    expect(scoreRisk({ ...clean(), email: 'x@gmail.com' }, cfg).reasons).toEqual([]);
  });

  it('extra disposable domains come from the config', () => {
    const cfg = mergeRiskConfig(defaultRiskConfig, { rules: { disposableEmail: { extraDomains: ['Burner.example'] } } });
    expect(scoreRisk({ ...clean(), email: 'a@burner.example' }, cfg).reasons.map((r) => r.rule)).toEqual(['disposableEmail']);
  });

  it('holds at the threshold, not below; a blocklist hit alone holds whatever its points', () => {
    const facts = { ...clean(), email: 'x@yopmail.com', billing: { country: 'FR' } }; // 35 + 15 = 50
    expect(scoreRisk(facts, mergeRiskConfig(defaultRiskConfig, { threshold: 50 }))).toMatchObject({ score: 50, decision: 'hold' });
    expect(scoreRisk(facts, mergeRiskConfig(defaultRiskConfig, { threshold: 51 }))).toMatchObject({ score: 50, decision: 'accept' });
    const lowBlock = mergeRiskConfig(defaultRiskConfig, { rules: { blocklistEmail: { points: 5 } } });
    expect(scoreRisk({ ...clean(), blocklist: { email: true, address: false, paymentFingerprint: false } }, lowBlock)).toMatchObject({ score: 5, decision: 'hold' });
  });

  it('caps the score at 100 and keeps every reason', () => {
    const out = scoreRisk({ ...clean(), email: 'x@yopmail.com', avs: 'no_match', cvv: 'no_match', blocklist: { email: true, address: true, paymentFingerprint: false } }, defaultRiskConfig);
    expect(out.score).toBe(100);
    expect(out.reasons.map((r) => r.rule).sort()).toEqual(['avs', 'blocklistAddress', 'blocklistEmail', 'cvv', 'disposableEmail']);
  });

  it('normalises addresses for blocklist matching', () => {
    expect(normaliseAddress({ line1: 'Hauptstraße 5', postalCode: '10 117', country: 'de' })).toBe(normaliseAddress({ line1: 'HAUPTSTRASSE  5.', postalCode: '10117', country: 'DE' }));
    expect(normaliseAddress({ line1: 'Hauptstraße 5', postalCode: '10117', country: 'DE' })).not.toBe(normaliseAddress({ line1: 'Hauptstraße 6', postalCode: '10117', country: 'DE' }));
  });
});

const factsArb: fc.Arbitrary<RiskFacts> = fc.record({
  total: fc.bigInt({ min: 0n, max: 10_000_000n }).map((a) => money(a, 'EUR')),
  email: fc.constantFrom('a@example.com', 'b@mailinator.com', 'c@yopmail.com'),
  clientIp: fc.constantFrom(null, '203.0.113.7', '127.0.0.1'),
  shipping: fc.record({ country: fc.constantFrom('DE', 'FR'), latitude: fc.double({ min: -80, max: 80, noNaN: true }), longitude: fc.double({ min: -170, max: 170, noNaN: true }) }),
  billing: fc.option(fc.record({ country: fc.constantFrom('DE', 'FR', 'US'), latitude: fc.double({ min: -80, max: 80, noNaN: true }), longitude: fc.double({ min: -170, max: 170, noNaN: true }) }), { nil: null }),
  history: fc.oneof(fc.constant({ orders: 0, averageTotal: null }), fc.record({ orders: fc.integer({ min: 1, max: 50 }), averageTotal: fc.bigInt({ min: 1n, max: 1_000_000n }) })),
  velocity: fc.record({ email: fc.nat(10), customer: fc.nat(10), ip: fc.nat(10), paymentFingerprint: fc.nat(10) }),
  paymentFingerprint: fc.constantFrom(null, 'fp_a'),
  avs: fc.constantFrom(null, 'match' as const, 'partial' as const, 'no_match' as const, 'unavailable' as const),
  cvv: fc.constantFrom(null, 'match' as const, 'no_match' as const, 'unavailable' as const),
  blocklist: fc.record({ email: fc.boolean(), address: fc.boolean(), paymentFingerprint: fc.boolean() }),
});

const configArb: fc.Arbitrary<RiskConfig> = fc
  .tuple(fc.integer({ min: 1, max: 100 }), fc.array(fc.boolean(), { minLength: ruleIds.length, maxLength: ruleIds.length }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: ruleIds.length, maxLength: ruleIds.length }))
  .map(([threshold, on, pts]) => mergeRiskConfig(defaultRiskConfig, { threshold, rules: Object.fromEntries(ruleIds.map((id, i) => [id, { enabled: on[i]!, points: pts[i]! }])) }));

describe('risk score properties', () => {
  it('stays within 0–100 and equals the capped sum of its reasons', () => {
    fc.assert(
      fc.property(factsArb, configArb, (facts, cfg) => {
        const out = scoreRisk(facts, cfg);
        expect(Number.isInteger(out.score)).toBe(true);
        expect(out.score).toBeGreaterThanOrEqual(0);
        expect(out.score).toBeLessThanOrEqual(100);
        expect(out.score).toBe(Math.min(100, out.reasons.reduce((s, r) => s + r.points, 0)));
        if (out.score >= cfg.threshold) expect(out.decision).toBe('hold');
      }),
    );
  });

  it('is monotone: enabling one more rule never lowers the score nor turns a hold into an accept', () => {
    fc.assert(
      fc.property(factsArb, configArb, fc.constantFrom(...ruleIds), (facts, cfg, rule) => {
        const without = scoreRisk(facts, mergeRiskConfig(cfg, { rules: { [rule]: { enabled: false } } }));
        const withIt = scoreRisk(facts, mergeRiskConfig(cfg, { rules: { [rule]: { enabled: true } } }));
        expect(withIt.score).toBeGreaterThanOrEqual(without.score);
        if (without.decision === 'hold') expect(withIt.decision).toBe('hold');
      }),
    );
  });

  it('is monotone in the facts: one more blocklist hit never lowers the score', () => {
    fc.assert(
      fc.property(factsArb, configArb, fc.constantFrom('email' as const, 'address' as const, 'paymentFingerprint' as const), (facts, cfg, key) => {
        const off = scoreRisk({ ...facts, blocklist: { ...facts.blocklist, [key]: false } }, cfg);
        const on = scoreRisk({ ...facts, blocklist: { ...facts.blocklist, [key]: true } }, cfg);
        expect(on.score).toBeGreaterThanOrEqual(off.score);
      }),
    );
  });
});
