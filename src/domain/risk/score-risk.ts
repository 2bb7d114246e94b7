import { distanceKm } from '../geo.js';
import { format, money, type Money } from '../money.js';
import { disposableEmailDomains } from './disposable-domains.js';
import { emailDomain } from './normalise.js';
import type { RiskConfig, RuleId } from './risk-config.js';

export type AvsResult = 'match' | 'partial' | 'no_match' | 'unavailable';
export type CvvResult = 'match' | 'no_match' | 'unavailable';

export interface RiskAddress {
  country: string;
  latitude?: number | undefined;
  longitude?: number | undefined;
}

/** Everything the rules look at, loaded beforehand (src/modules/risk). Counts exclude this order. */
export interface RiskFacts {
  total: Money;
  email: string;
  clientIp: string | null;
  shipping: RiskAddress;
  billing: RiskAddress | null;
  /** The customer's earlier orders in the order's currency (not cancelled). */
  history: { orders: number; averageTotal: bigint | null };
  /** Earlier orders in each rule's window. */
  velocity: { email: number; customer: number; ip: number; paymentFingerprint: number };
  paymentFingerprint: string | null;
  avs: AvsResult | null;
  cvv: CvvResult | null;
  blocklist: { email: boolean; address: boolean; paymentFingerprint: boolean };
}

export interface RiskReason {
  rule: RuleId;
  points: number;
  message: string;
}

export interface RiskAssessment {
  /** 0–100: the sum of the hits' points, capped at 100. */
  score: number;
  decision: 'accept' | 'hold';
  reasons: RiskReason[];
}

type Hit = { points: number; message: string } | null;

const blocklistRules: ReadonlySet<RuleId> = new Set(['blocklistEmail', 'blocklistAddress', 'blocklistPaymentFingerprint']);

/** Each rule: facts + its own config → a hit with its explanation, or null. Disabled rules never run. */
const rules: { [K in RuleId]: (f: RiskFacts, c: RiskConfig['rules'][K]) => Hit } = {
  firstOrderValue: (f, c) => {
    const limit = c.limits[f.total.currency];
    if (f.history.orders > 0 || limit === undefined || f.total.amount <= BigInt(limit)) return null;
    return { points: c.points, message: `First order of this customer, total ${format(f.total)} above ${format(money(limit, f.total.currency))}` };
  },
  valueVsAverage: (f, c) => {
    const avg = f.history.averageTotal;
    if (avg === null || f.history.orders < c.minOrders || avg <= 0n) return null;
    // Compare in hundredths so a fractional multiplier needs no floats on money.
    if (f.total.amount * 100n <= avg * BigInt(Math.round(c.multiplier * 100))) return null;
    return { points: c.points, message: `Total ${format(f.total)} is more than ${c.multiplier}× the customer's average of ${format(money(avg, f.total.currency))} over ${f.history.orders} orders` };
  },
  // Messages name no email address: hold reasons are shown to every role (the warehouse sees no contact details).
  velocityEmail: (f, c) => velocity(f.velocity.email, c, 'orders from this email address'),
  velocityCustomer: (f, c) => velocity(f.velocity.customer, c, 'orders from this customer'),
  velocityIp: (f, c) => (f.clientIp === null || c.exemptIps.includes(f.clientIp) ? null : velocity(f.velocity.ip, c, `orders from IP ${f.clientIp}`)),
  velocityPaymentFingerprint: (f, c) => (f.paymentFingerprint === null ? null : velocity(f.velocity.paymentFingerprint, c, 'orders paid with this card')),
  countryMismatch: (f, c) =>
    f.billing && f.billing.country !== f.shipping.country
      ? { points: c.points, message: `Billing country ${f.billing.country} differs from shipping country ${f.shipping.country}` }
      : null,
  addressDistance: (f, c) => {
    const a = f.billing;
    const b = f.shipping;
    if (!a || a.latitude === undefined || a.longitude === undefined || b.latitude === undefined || b.longitude === undefined) return null;
    const km = distanceKm({ latitude: a.latitude, longitude: a.longitude }, { latitude: b.latitude, longitude: b.longitude });
    return km > c.maxKm ? { points: c.points, message: `Billing and shipping addresses are ${Math.round(km)} km apart (more than ${c.maxKm} km)` } : null;
  },
  avs: (f, c) =>
    f.avs === 'no_match'
      ? { points: c.points, message: 'The card issuer reports the billing address does not match (AVS)' }
      : f.avs === 'partial'
        ? { points: c.partialPoints, message: 'The card issuer reports a partial billing address match (AVS)' }
        : null,
  cvv: (f, c) => (f.cvv === 'no_match' ? { points: c.points, message: 'The card security code did not match (CVV)' } : null),
  disposableEmail: (f, c) => {
    const domain = emailDomain(f.email);
    const listed = disposableEmailDomains.includes(domain) || c.extraDomains.some((d) => d.trim().toLowerCase() === domain);
    return listed ? { points: c.points, message: `Email domain ${domain} is a disposable email service` } : null;
  },
  blocklistEmail: (f, c) => (f.blocklist.email ? { points: c.points, message: 'The customer’s email address is on the blocklist' } : null),
  blocklistAddress: (f, c) => (f.blocklist.address ? { points: c.points, message: 'The shipping or billing address is on the blocklist' } : null),
  blocklistPaymentFingerprint: (f, c) => (f.blocklist.paymentFingerprint ? { points: c.points, message: 'The payment card is on the blocklist' } : null),
};

function velocity(earlier: number, c: { points: number; windowMinutes: number; maxOrders: number }, what: string): Hit {
  const count = earlier + 1;
  return count > c.maxOrders ? { points: c.points, message: `${count} ${what} within ${c.windowMinutes} minutes (more than ${c.maxOrders})` } : null;
}

/**
 * Scores an order: every enabled rule that hits adds its points (with an explanation); the score is
 * capped at 100; the order is held when the score reaches the threshold or any blocklist rule hits.
 * Pure: no IO, no clock (time windows were applied when the facts were counted).
 *
 * @example scoreRisk(facts, defaultRiskConfig) // { score: 35, decision: 'accept', reasons: [{ rule: 'disposableEmail', points: 35, message: '…' }] }
 */
export function scoreRisk(facts: RiskFacts, config: RiskConfig): RiskAssessment {
  const reasons: RiskReason[] = [];
  let blocked = false;
  for (const id of Object.keys(rules) as RuleId[]) {
    const c = config.rules[id];
    if (!c.enabled) continue;
    const hit = (rules[id] as (f: RiskFacts, c: unknown) => Hit)(facts, c);
    if (!hit) continue;
    reasons.push({ rule: id, points: hit.points, message: hit.message });
    if (blocklistRules.has(id)) blocked = true;
  }
  const score = Math.min(100, reasons.reduce((s, r) => s + r.points, 0));
  return { score, decision: blocked || score >= config.threshold ? 'hold' : 'accept', reasons };
}

/** The reasons as one line of text, e.g. for a hold's reason. */
export const reasonsText = (a: RiskAssessment): string =>
  `Risk score ${a.score}: ${a.reasons.map((r) => `${r.message} (+${r.points})`).join('; ') || 'no rule hit'}`;
