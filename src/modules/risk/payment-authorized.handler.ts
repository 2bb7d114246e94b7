import type { Deps } from '../../platform/context.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { systemActor } from '../../platform/auth/roles.js';
import { money } from '../../domain/money.js';
import { isTerminal, type OrderStatus } from '../../domain/orders/order-states.js';
import { reasonsText, scoreRisk, type AvsResult, type CvvResult } from '../../domain/risk/index.js';
import { loadOrder, touchOrder } from '../orders/index.js';
import { loadRiskFacts } from './risk-facts.js';
import { recordAssessment, RISK_OWNER, type FraudHold } from './risk.writes.js';
import { eventHandler } from '../../platform/events/define.js';
import { paymentAuthorized } from '../payments/index.js';

const avsValues: readonly string[] = ['match', 'partial', 'no_match', 'unavailable'];
const cvvValues: readonly string[] = ['match', 'no_match', 'unavailable'];
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * `payment.authorized` {orderId, fingerprint?, avs?, cvv?}: scores the order again with the gateway's
 * facts (stage 'payment'). When it now reaches the threshold and the order has no active fraud hold,
 * a fraud hold is placed (the order may be allocated already; the hold blocks processing and
 * shipping). Idempotent: the dispatcher runs it once per event, and a second hold is never stacked.
 */
export const riskOnPaymentAuthorized = (deps: Deps): EventHandler =>
  eventHandler({
  name: 'risk.rescore_on_payment',
  events: [paymentAuthorized],
  async handle(tx, event) {
    const p = event.payload;
    const orderId = str(p.orderId);
    if (!orderId) return;
    const { order, holds } = await loadOrder(tx, orderId, { lock: true });
    if (isTerminal(order.status as OrderStatus)) return;
    const at = deps.clock.now();
    const avs = avsValues.includes(p.avs as string) ? (p.avs as AvsResult) : null;
    const cvv = cvvValues.includes(p.cvv as string) ? (p.cvv as CvvResult) : null;
    const { facts, config, customerId } = await loadRiskFacts(tx, {
      stage: 'payment',
      orderId,
      at,
      email: order.email,
      total: money(order.totalAmount, order.currency),
      clientIp: null,
      shipping: order.shippingAddress,
      billing: order.billingAddress ?? null,
      paymentFingerprint: str(p.fingerprint),
      avs,
      cvv,
    });
    const assessment = scoreRisk(facts, config);
    const alreadyHeld = holds.some((h) => h.type === 'fraud' && h.releasedAt === null);
    const hold: FraudHold | null =
      assessment.decision === 'hold' && !alreadyHeld
        ? { id: deps.newId(), orderId, type: 'fraud', reason: reasonsText(assessment), owner: RISK_OWNER, placedAt: at, releasedAt: null, releasedBy: null, releaseReason: null }
        : null;
    await recordAssessment(tx, { orderId, number: order.number, stage: 'payment', assessment, facts, customerId: customerId ?? order.customerId, clientIp: facts.clientIp, at, hold, ctx: { actor: systemActor, newId: deps.newId } });
    if (hold) await touchOrder(tx, orderId, at);
  },
});
