import type { Ctx } from '../../platform/context.js';
import { returns } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { eq } from 'drizzle-orm';
import { canReturnTransition, nextReturnStates, type ReturnStatus } from '../../domain/returns/return-states.js';
import { loadOrder } from '../orders/index.js';
import type { Db } from '../../platform/db/client.js';
import { loadReturn, toReturnJson, writeReturnStatus } from './returns.repository.js';
import { returnReviewReleased, returnStatusChanged } from './returns.events.js';
import type { ReturnJson } from './returns.schemas.js';

/** Moves a return along its state table inside `tx` (the return row locked); 409 for an illegal move. */
export async function moveReturnInTx(tx: Db, ctx: Ctx, input: { returnId: string; to: ReturnStatus; reason?: string | undefined; decision?: boolean }): Promise<ReturnJson> {
  const at = ctx.clock.now();
  const { ret } = await loadReturn(tx, input.returnId, { lock: true });
  const from = ret.status as ReturnStatus;
  if (!canReturnTransition(from, input.to)) {
    throw new AppError('illegal_transition', `Return ${ret.number} cannot go from ${from} to ${input.to}; allowed: ${nextReturnStates(from).join(', ') || 'none'}`, { from, to: input.to, allowed: nextReturnStates(from) });
  }
  if (input.to === 'approved' && ret.heldForReview) {
    throw new AppError('conflict', `Return ${ret.number} is held for fraud review (score ${ret.fraudScore}): release the review before approving`, { fraud: { score: ret.fraudScore, signals: ret.fraudSignals } });
  }
  await writeReturnStatus(tx, { returnId: ret.id, from, to: input.to, reason: input.reason, actor: actorLabel(ctx.actor), at });
  if (input.decision) await tx.update(returns).set({ decisionReason: input.reason ?? null }).where(eq(returns.id, ret.id));
  await enqueueEvents(tx, { ...ctx, at }, [newEvent(returnStatusChanged, ret.id, { returnId: ret.id, number: ret.number, orderId: ret.orderId, from, to: input.to, reason: input.reason ?? null })]);
  await recordAudit(tx, { ...ctx, at }, { action: `return.${input.to}`, entityType: 'return', entityId: ret.id, before: { status: from }, after: { status: input.to, reason: input.reason ?? null } });
  const after = await loadReturn(tx, ret.id);
  const { order } = await loadOrder(tx, ret.orderId);
  return toReturnJson(after.ret, order.number, after.lines, after.history);
}

/** Approve, reject or cancel a return (one transaction). */
export async function decideReturn(ctx: Ctx, input: { returnId: string; to: 'approved' | 'rejected' | 'cancelled'; reason?: string | undefined }): Promise<ReturnJson> {
  return ctx.db.transaction((tx) => moveReturnInTx(tx, ctx, { ...input, decision: true }));
}

export async function getReturnJson(db: Db, id: string): Promise<ReturnJson> {
  const { ret, lines, history } = await loadReturn(db, id);
  const { order } = await loadOrder(db, ret.orderId);
  return toReturnJson(ret, order.number, lines, history);
}

/** Releases a return held for fraud review (it can then be approved, received and refunded). */
export async function releaseReturnReview(ctx: Ctx, input: { returnId: string; reason: string }): Promise<ReturnJson> {
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const { ret } = await loadReturn(tx, input.returnId, { lock: true });
    if (!ret.heldForReview) throw new AppError('conflict', `Return ${ret.number} is not held for review`);
    await tx.update(returns).set({ heldForReview: false, updatedAt: at }).where(eq(returns.id, ret.id));
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(returnReviewReleased, ret.id, { returnId: ret.id, number: ret.number, orderId: ret.orderId, score: ret.fraudScore, reason: input.reason })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'return.review_released', entityType: 'return', entityId: ret.id, before: { heldForReview: true, score: ret.fraudScore }, after: { heldForReview: false, reason: input.reason } });
  });
  return getReturnJson(ctx.db, input.returnId);
}
