import type { Db } from '../../platform/db/client.js';
import type { Ctx } from '../../platform/context.js';
import type { Money } from '../../domain/money.js';
import { reasonsText, scoreRisk, type RiskAssessment } from '../../domain/risk/index.js';
import { loadRiskFacts } from './risk-facts.js';
import { assessmentWrite, RISK_OWNER, type AssessmentWrite, type FraudHold } from './risk.writes.js';

type Addr = { line1: string; postalCode: string; country: string; latitude?: number | undefined; longitude?: number | undefined };

export interface PlacementRiskInput {
  orderId: string;
  at: Date;
  email: string;
  total: Money;
  clientIp: string | null | undefined;
  shippingAddress: Addr;
  billingAddress?: Addr | null | undefined;
}

export interface PlacementRisk {
  assessment: RiskAssessment;
  /** True when the order must be held: place it with deferred sourcing. */
  hold: boolean;
  /** The holds to show on the placed order (the fraud hold, or none). */
  holds: FraudHold[];
  /**
   * The assessment (and the hold, its audit row and events) as bind values for the placement's one
   * write statement (orders' insertPlacementRest), once the order's number and customer are known.
   */
  write(order: { number: string; customerId: string }): AssessmentWrite;
}

/**
 * Scores an order being placed, inside the placement transaction, from the pre-payment facts (one
 * read). The caller defers sourcing when `hold` is true, and calls `record` after inserting the order.
 */
export async function assessPlacementRisk(tx: Db, ctx: Ctx, input: PlacementRiskInput): Promise<PlacementRisk> {
  const clientIp = input.clientIp ?? null;
  const { facts, config, customerId } = await loadRiskFacts(tx, {
    stage: 'placement',
    orderId: input.orderId,
    at: input.at,
    email: input.email,
    total: input.total,
    clientIp,
    shipping: input.shippingAddress,
    billing: input.billingAddress ?? null,
    paymentFingerprint: null,
    avs: null,
    cvv: null,
  });
  const assessment = scoreRisk(facts, config);
  const hold = assessment.decision === 'hold';
  const holds: FraudHold[] = hold
    ? [{ id: ctx.newId(), orderId: input.orderId, type: 'fraud', reason: reasonsText(assessment), owner: RISK_OWNER, placedAt: input.at, releasedAt: null, releasedBy: null, releaseReason: null }]
    : [];
  return {
    assessment,
    hold,
    holds,
    write: (order) =>
      assessmentWrite({ orderId: input.orderId, number: order.number, stage: 'placement', assessment, facts, customerId: customerId ?? order.customerId, clientIp, at: input.at, hold: holds[0] ?? null, ctx }),
  };
}
