import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { orderHolds, riskAssessments } from '../../platform/db/schema/index.js';
import { queryRows } from '../../platform/db/query.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, moneyJson } from '../../platform/http/schemas.js';
import type { OrderStatus } from '../../domain/orders/order-states.js';
import { getOrderJson, loadOrder, releaseHold, type CancelOrder } from '../orders/index.js';

interface ReviewRow {
  order_id: string;
  number: string;
  status: string;
  customer_name: string;
  email: string;
  total_amount: string;
  currency: string;
  placed_at: string | Date;
  hold_id: string;
  hold_reason: string;
  held_at: string | Date;
  score: number | null;
  reasons: Array<{ rule: string; points: number; message: string }> | null;
}

const iso = (d: string | Date) => new Date(d).toISOString();

/**
 * The review queue: open orders with an active fraud hold, newest hold first, with the latest
 * assessment's score and reasons. Keyset-paginated on (hold placed_at, hold id).
 */
export async function listReviews(db: Db, q: { limit: number; cursor?: string | undefined }) {
  const cur = decodeCursor(q.cursor);
  const after = cur && typeof cur[0] === 'string' && typeof cur[1] === 'string' ? { at: new Date(cur[0]), id: cur[1] } : null;
  const rows = await queryRows<ReviewRow>(
    db,
    sql`select o.id as order_id, o.number, o.status, o.customer_name, o.email, o.total_amount::text as total_amount, o.currency, o.placed_at,
          h.id as hold_id, h.reason as hold_reason, h.placed_at as held_at, ra.score, ra.reasons
        from order_holds h
        join orders o on o.id = h.order_id
        left join lateral (select r.score, r.reasons from risk_assessments r where r.order_id = o.id order by r.id desc limit 1) ra on true
        where h.type = 'fraud' and h.released_at is null and o.status not in ('cancelled', 'completed')
          ${after ? sql`and (h.placed_at < ${after.at} or (h.placed_at = ${after.at} and h.id < ${after.id}::uuid))` : sql``}
        order by h.placed_at desc, h.id desc
        limit ${q.limit + 1}`,
  );
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      orderId: r.order_id,
      number: r.number,
      status: r.status as OrderStatus,
      customerName: r.customer_name,
      email: r.email,
      total: moneyJson({ amount: BigInt(r.total_amount), currency: r.currency }),
      placedAt: iso(r.placed_at),
      holdId: r.hold_id,
      holdReason: r.hold_reason,
      heldAt: iso(r.held_at),
      score: r.score,
      reasons: r.reasons ?? [],
    })),
    nextCursor: more && last ? encodeCursor([iso(last.held_at), last.hold_id]) : null,
  };
}

async function activeFraudHolds(db: Db, orderId: string) {
  const holds = await db
    .select({ id: orderHolds.id })
    .from(orderHolds)
    .where(and(eq(orderHolds.orderId, orderId), eq(orderHolds.type, 'fraud'), isNull(orderHolds.releasedAt)))
    .orderBy(asc(orderHolds.placedAt));
  return holds;
}

/**
 * Approves a held order: releases its fraud hold(s) through the orders module's release use case,
 * which emits `order.hold_released` (sourcing then allocates the pending quantities).
 */
export async function releaseReview(ctx: Ctx, input: { orderId: string; note: string }) {
  return ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx };
    await loadOrder(tx, input.orderId, { lock: true });
    const holds = await activeFraudHolds(tx, input.orderId);
    if (holds.length === 0) throw new AppError('conflict', `Order ${input.orderId} has no active fraud hold`);
    for (const h of holds) await releaseHold(inTx, { orderId: input.orderId, holdId: h.id, reason: `Fraud review: approved. ${input.note}` });
    return getOrderJson(tx, input.orderId);
  });
}

/** Rejects a held order: cancels it through the cancel flow (passed in by src/routes.ts) and closes its fraud hold, in one transaction. */
export async function cancelReview(ctx: Ctx, input: { orderId: string; reason: string }, cancelOrder: CancelOrder) {
  return ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx };
    await loadOrder(tx, input.orderId, { lock: true });
    const holds = await activeFraudHolds(tx, input.orderId);
    if (holds.length === 0) throw new AppError('conflict', `Order ${input.orderId} has no active fraud hold`);
    await cancelOrder(inTx, { orderId: input.orderId, reason: `Fraud review: rejected. ${input.reason}` });
    for (const h of holds) await releaseHold(inTx, { orderId: input.orderId, holdId: h.id, reason: `Fraud review: order cancelled. ${input.reason}` });
    return getOrderJson(tx, input.orderId);
  });
}

/** Every assessment of an order, oldest first, and the latest. */
export async function getOrderRisk(db: Db, orderId: string) {
  await loadOrder(db, orderId);
  const rows = await db.select().from(riskAssessments).where(eq(riskAssessments.orderId, orderId)).orderBy(asc(riskAssessments.id));
  const assessments = rows.map((r) => ({ stage: r.stage, score: r.score, decision: r.decision, reasons: r.reasons, assessedAt: r.createdAt.toISOString() }));
  return { orderId, latest: assessments.at(-1) ?? null, assessments };
}
