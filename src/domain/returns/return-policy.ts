import { addDays, localDate, startOfLocalDay } from '../local-time.js';
import { defaultReturnFraudSettings, type ReturnFraudSettings } from './return-fraud.js';

/** Why the customer returns an item. The seller-fault reasons waive restocking fees and return shipping. */
export const returnReasons = ['changed_mind', 'wrong_size', 'not_as_described', 'defective', 'damaged', 'wrong_item', 'other'] as const;
export type ReturnReason = (typeof returnReasons)[number];
const sellerFault: ReadonlySet<ReturnReason> = new Set(['not_as_described', 'defective', 'damaged', 'wrong_item']);
export const isSellerFault = (r: ReturnReason): boolean => sellerFault.has(r);

export type ShippingPayer = 'customer' | 'merchant';

/** Terms of one rule; a rule without `channel`/`productType` matches every channel/type. */
export interface ReturnTerms {
  /** Whole local days after the day of delivery; 0 = returns only on the day of delivery. */
  windowDays: number;
  /** Restocking fee in basis points of the refunded value (1000 = 10 %); waived for seller-fault reasons. */
  restockingFeeBps: number;
  /** Who pays the return label when the customer is not owed it (seller-fault reasons: always the merchant). */
  returnShippingPaidBy: ShippingPayer;
  exchangeAllowed: boolean;
  /** Condition the item must come back in (shown to the customer, checked at inspection). */
  condition: string | null;
}

export interface ReturnRule extends Partial<ReturnTerms> {
  channel?: string | undefined;
  productType?: string | undefined;
}

/**
 * The return policy as data (settings API). Windows are counted in the shop's time zone from the
 * local day of delivery and end at local midnight, so they are DST-correct.
 */
export interface ReturnPolicy {
  timeZone: string;
  defaults: ReturnTerms;
  /** Product types by SKU prefix (first match wins). */
  productTypes: Array<{ type: string; skuPrefixes: string[] }>;
  /** Most specific rule wins: channel + type, then type, then channel. */
  rules: ReturnRule[];
  /** SKUs sold as final sale: never returnable (products with `returnable: false` are not either). */
  finalSaleSkus: string[];
  /** Returns fraud scoring: threshold and what counts as high value. */
  fraud?: ReturnFraudSettings | undefined;
  /** The customer returns portal: approve eligible requests at once and issue the label to this location. */
  portal?: ReturnPortalSettings | undefined;
}

export interface ReturnPortalSettings {
  /** Approve a portal request that is within the policy and not held for fraud review. */
  autoApprove: boolean;
  /** Where portal returns go: with auto-approval the label is issued there by `labelCarrier`. */
  labelLocationCode: string | null;
  labelCarrier: string;
}

export const defaultReturnPortalSettings: ReturnPortalSettings = { autoApprove: false, labelLocationCode: null, labelCarrier: 'ordo-post' };

export const defaultReturnPolicy: ReturnPolicy = {
  timeZone: 'UTC',
  defaults: { windowDays: 30, restockingFeeBps: 0, returnShippingPaidBy: 'customer', exchangeAllowed: true, condition: null },
  productTypes: [],
  rules: [],
  finalSaleSkus: [],
  fraud: defaultReturnFraudSettings,
};

export function productTypeOf(policy: ReturnPolicy, sku: string): string | null {
  for (const t of policy.productTypes) if (t.skuPrefixes.some((p) => sku.startsWith(p))) return t.type;
  return null;
}

/** The terms for one line: defaults overlaid by the matching rules from least to most specific. */
export function termsFor(policy: ReturnPolicy, channel: string, sku: string): ReturnTerms & { productType: string | null } {
  const type = productTypeOf(policy, sku);
  const score = (r: ReturnRule) => {
    if ((r.channel !== undefined && r.channel !== channel) || (r.productType !== undefined && r.productType !== type)) return -1;
    return (r.productType !== undefined ? 2 : 0) + (r.channel !== undefined ? 1 : 0);
  };
  const matching = policy.rules.map((r, i) => ({ r, s: score(r), i })).filter((x) => x.s >= 0);
  matching.sort((a, b) => a.s - b.s || a.i - b.i);
  let terms: ReturnTerms = { ...policy.defaults };
  for (const { r } of matching) {
    const { channel: _c, productType: _t, ...over } = r;
    terms = { ...terms, ...Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)) };
  }
  return { ...terms, productType: type };
}

/** The instant the window closes: local midnight at the end of the last day (delivery day + windowDays). */
export function windowEndsAt(policy: ReturnPolicy, deliveredAt: Date, windowDays: number): Date {
  return startOfLocalDay(addDays(localDate(deliveredAt, policy.timeZone), windowDays + 1), policy.timeZone);
}

export type IneligibleReason = 'not_delivered' | 'non_returnable' | 'final_sale' | 'window_expired' | 'fully_returned';

export interface LineReturnFacts {
  lineId: string;
  sku: string;
  /** The catalog's `returnable` flag. */
  returnable: boolean;
  delivered: number;
  /** Units already claimed by returns that are not rejected or cancelled. */
  claimed: number;
  /** When the line's units were delivered (latest delivery); null when nothing was delivered. */
  deliveredAt: Date | null;
}

export interface LineEligibility {
  lineId: string;
  sku: string;
  eligible: boolean;
  /** Units that can still be returned (0 when not eligible). */
  quantity: number;
  reason: IneligibleReason | null;
  detail: string;
  productType: string | null;
  windowEndsAt: string | null;
  restockingFeeBps: number;
  returnShippingPaidBy: ShippingPayer;
  exchangeAllowed: boolean;
  condition: string | null;
}

/** Per-line eligibility with its reason. Pure: `now` is passed in. */
export function lineEligibility(policy: ReturnPolicy, channel: string, line: LineReturnFacts, now: Date): LineEligibility {
  const t = termsFor(policy, channel, line.sku);
  const ends = line.deliveredAt ? windowEndsAt(policy, line.deliveredAt, t.windowDays) : null;
  const base = {
    lineId: line.lineId,
    sku: line.sku,
    productType: t.productType,
    windowEndsAt: ends?.toISOString() ?? null,
    restockingFeeBps: t.restockingFeeBps,
    returnShippingPaidBy: t.returnShippingPaidBy,
    exchangeAllowed: t.exchangeAllowed,
    condition: t.condition,
  };
  const no = (reason: IneligibleReason, detail: string): LineEligibility => ({ ...base, eligible: false, quantity: 0, reason, detail });
  if (!line.returnable) return no('non_returnable', `${line.sku} is not returnable`);
  if (policy.finalSaleSkus.includes(line.sku)) return no('final_sale', `${line.sku} was sold as final sale`);
  if (line.delivered <= 0 || !ends) return no('not_delivered', 'nothing of this line has been delivered yet');
  if (now.getTime() >= ends.getTime()) return no('window_expired', `the ${t.windowDays}-day return window ended at ${ends.toISOString()}`);
  const left = line.delivered - line.claimed;
  if (left <= 0) return no('fully_returned', 'every delivered unit is already in a return');
  return { ...base, eligible: true, quantity: left, reason: null, detail: `${left} unit(s) can be returned until ${ends.toISOString()}` };
}

/** Restocking fee on a refund value, rounded down; zero for seller-fault reasons. */
export function restockingFee(value: bigint, feeBps: number, reason: ReturnReason): bigint {
  if (isSellerFault(reason) || feeBps <= 0 || value <= 0n) return 0n;
  return (value * BigInt(feeBps)) / 10_000n;
}

/** Who pays the return label for a reason under the terms. */
export const shippingPayer = (terms: Pick<ReturnTerms, 'returnShippingPaidBy'>, reason: ReturnReason): ShippingPayer =>
  isSellerFault(reason) ? 'merchant' : terms.returnShippingPaidBy;
