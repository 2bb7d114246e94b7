import type { Db } from '../../platform/db/client.js';
import type { orderHolds } from '../../platform/db/schema/index.js';
import { preparedRows } from '../../platform/db/prepared.js';
import { toJsonString } from '../../platform/json.js';
import { checkedEvent, type NewEvent } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { orderHoldPlaced } from '../orders/index.js';
import { orderRiskAssessed } from './risk.events.js';
import type { Actor } from '../../platform/auth/roles.js';
import { actorLabel } from '../../platform/auth/roles.js';
import type { RiskAssessment, RiskFacts } from '../../domain/risk/index.js';

/**
 * Writes one assessment, and when it holds the order the fraud hold, its audit row and the events
 * (`order.risk_assessed`, `order.hold_placed`), as ONE fixed statement: it runs inside every order
 * placement, so it costs a single round trip.
 */
export const RISK_RECORD_SQL = `
  with a as (
    insert into risk_assessments (order_id, stage, score, decision, reasons, facts, customer_id, email, client_ip, payment_fingerprint, created_at)
    values ($1::uuid, $2::text, $3::int, $4::text, $5::jsonb, $6::jsonb, $7::uuid, $8::text, $9::text, $10::text, $11::timestamptz)
  ), h as (
    insert into order_holds (id, order_id, type, reason, owner, placed_at)
    select $12::uuid, $1::uuid, 'fraud', $13::text, $14::text, $11::timestamptz where $12::uuid is not null
  ), e as (
    insert into outbox (event_id, type, aggregate_type, aggregate_id, payload, actor, occurred_at, available_at)
    select u.id, u.type, 'order', $1::text, u.payload::jsonb, $15::text, $11::timestamptz, $11::timestamptz
    from unnest($16::uuid[], $17::text[], $18::text[]) with ordinality as u(id, type, payload, n)
    order by u.n
  )
  insert into audit_log (at, actor_type, actor_id, action, entity_type, entity_id, before, after, request_id)
  select $11::timestamptz, $19::text, $20::text, 'order.hold_placed', 'order', $1::text, null, $21::jsonb, $22::text
  where $12::uuid is not null`;

/** The hold a risky assessment puts on the order (an order_holds row). */
export type FraudHold = typeof orderHolds.$inferSelect;

/** The hold as the events and the audit show it (like holdJson in the orders module). */
export const fraudHoldJson = (h: FraudHold) => ({
  id: h.id,
  type: h.type,
  reason: h.reason,
  owner: h.owner,
  placedAt: h.placedAt.toISOString(),
  releasedAt: null,
  releasedBy: null,
  releaseReason: null,
});

/** Who places automatic fraud holds (the hold's owner). */
export const RISK_OWNER = 'system:risk';

export interface AssessmentRecord {
  orderId: string;
  number: string;
  stage: 'placement' | 'payment';
  assessment: RiskAssessment;
  facts: RiskFacts;
  customerId: string | null;
  clientIp: string | null;
  at: Date;
  hold: FraudHold | null;
  ctx: { actor: Actor; newId: () => string; requestId?: string | undefined };
}

/** The events an assessment writes, in order (validated: the statements write the outbox rows themselves). */
function assessmentEvents(r: AssessmentRecord): NewEvent[] {
  const { score, decision, reasons } = r.assessment;
  // An assessment where no rule hit is recorded but not announced: most orders are clean, and the
  // placement hot path should not double its outbox traffic for a non-event.
  const events: NewEvent[] = [];
  if (reasons.length > 0) events.push(newEvent(orderRiskAssessed, r.orderId, { orderId: r.orderId, number: r.number, stage: r.stage, score, decision, reasons }));
  if (r.hold) events.push(newEvent(orderHoldPlaced, r.orderId, { orderId: r.orderId, number: r.number, hold: fraudHoldJson(r.hold) }));
  for (const e of events) checkedEvent(e);
  return events;
}

/**
 * A placement's assessment as bind values of the placement statement (orders' insertPlacementRest,
 * like the sourcing plan): the assessment row and the fraud hold (null columns when clean), its
 * events and the hold's audit `after` (null when clean). Saves the placement a round trip.
 */
export interface AssessmentWrite {
  /** 12 values: stage, score, decision, reasons, facts, customer id, email, client IP, payment fingerprint, hold id, hold reason, hold owner. */
  params: unknown[];
  events: NewEvent[];
  holdAudit: unknown;
}

export function assessmentWrite(r: AssessmentRecord): AssessmentWrite {
  const { score, decision, reasons } = r.assessment;
  return {
    params: [r.stage, score, decision, toJsonString(reasons), toJsonString(r.facts), r.customerId, r.facts.email, r.clientIp, r.facts.paymentFingerprint, r.hold?.id ?? null, r.hold?.reason ?? null, r.hold?.owner ?? null],
    events: assessmentEvents(r),
    holdAudit: r.hold ? fraudHoldJson(r.hold) : null,
  };
}

export async function recordAssessment(tx: Db, r: AssessmentRecord): Promise<void> {
  const { score, decision, reasons } = r.assessment;
  const events = assessmentEvents(r);
  const payloads = events.map((e) => e.payload);
  await preparedRows(tx, 'ordo_risk_record', RISK_RECORD_SQL, [
    r.orderId,
    r.stage,
    score,
    decision,
    toJsonString(reasons),
    toJsonString(r.facts),
    r.customerId,
    r.facts.email,
    r.clientIp,
    r.facts.paymentFingerprint,
    r.at,
    r.hold?.id ?? null,
    r.hold?.reason ?? null,
    r.hold?.owner ?? null,
    actorLabel(r.ctx.actor),
    events.map(() => r.ctx.newId()),
    events.map((e) => e.type),
    payloads.map((p) => toJsonString(p)),
    r.ctx.actor.type,
    r.ctx.actor.id,
    r.hold ? toJsonString(fraudHoldJson(r.hold)) : null,
    r.ctx.requestId ?? null,
  ]);
}
