/**
 * Risk rules configuration: the threshold and, per rule, a switch, its points and its parameters.
 * Defaults live here; merchants override them through the risk settings (stored whole, validated).
 */
export interface ToggledRule {
  enabled: boolean;
  /** Points added to the score when the rule hits (0–100). */
  points: number;
}

export interface VelocityRule extends ToggledRule {
  windowMinutes: number;
  /** The rule hits when this order makes the count in the window exceed maxOrders. */
  maxOrders: number;
}

export interface RiskConfig {
  /** Score (0–100) at or above which an order is held for review. */
  threshold: number;
  rules: {
    /** A customer's first order above a per-currency limit (minor units). */
    firstOrderValue: ToggledRule & { limits: Record<string, number> };
    /** The order total is above `multiplier` × the customer's average order (with at least minOrders before). */
    valueVsAverage: ToggledRule & { multiplier: number; minOrders: number };
    velocityEmail: VelocityRule;
    velocityCustomer: VelocityRule;
    /** Callers in exemptIps (your own shop backends, loopback) are not counted. */
    velocityIp: VelocityRule & { exemptIps: string[] };
    velocityPaymentFingerprint: VelocityRule;
    countryMismatch: ToggledRule;
    addressDistance: ToggledRule & { maxKm: number };
    /** `points` for no_match, `partialPoints` for a partial match. */
    avs: ToggledRule & { partialPoints: number };
    cvv: ToggledRule;
    disposableEmail: ToggledRule & { extraDomains: string[] };
    /** A blocklist hit holds the order whatever its points. */
    blocklistEmail: ToggledRule;
    blocklistAddress: ToggledRule;
    blocklistPaymentFingerprint: ToggledRule;
  };
}

export type RuleId = keyof RiskConfig['rules'];

export const defaultRiskConfig: RiskConfig = {
  threshold: 60,
  rules: {
    firstOrderValue: { enabled: true, points: 25, limits: { EUR: 50_000, USD: 50_000, GBP: 45_000, CHF: 50_000 } },
    valueVsAverage: { enabled: true, points: 20, multiplier: 3, minOrders: 2 },
    velocityEmail: { enabled: true, points: 20, windowMinutes: 60, maxOrders: 10 },
    velocityCustomer: { enabled: true, points: 20, windowMinutes: 60, maxOrders: 10 },
    velocityIp: { enabled: true, points: 60, windowMinutes: 10, maxOrders: 5, exemptIps: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] },
    velocityPaymentFingerprint: { enabled: true, points: 40, windowMinutes: 60, maxOrders: 3 },
    countryMismatch: { enabled: true, points: 15 },
    addressDistance: { enabled: true, points: 15, maxKm: 500 },
    avs: { enabled: true, points: 30, partialPoints: 10 },
    cvv: { enabled: true, points: 40 },
    disposableEmail: { enabled: true, points: 35, extraDomains: [] },
    blocklistEmail: { enabled: true, points: 100 },
    blocklistAddress: { enabled: true, points: 100 },
    blocklistPaymentFingerprint: { enabled: true, points: 100 },
  },
};

export const ruleIds = Object.keys(defaultRiskConfig.rules) as RuleId[];

/** Overlays a partial config (as stored or sent) on a base; unknown keys must be rejected before. */
export function mergeRiskConfig(base: RiskConfig, over: { threshold?: number | undefined; rules?: { [K in RuleId]?: Partial<RiskConfig['rules'][K]> | undefined } | undefined }): RiskConfig {
  const rules = { ...base.rules } as Record<RuleId, unknown>;
  for (const id of ruleIds) {
    const o = over.rules?.[id];
    if (o) rules[id] = { ...base.rules[id], ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
  }
  return { threshold: over.threshold ?? base.threshold, rules: rules as RiskConfig['rules'] };
}
