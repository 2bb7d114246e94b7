import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { supportCases } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { recordAudit } from '../../platform/audit.js';
import { canCaseTransition, nextCaseStates, type CaseStatus } from '../../domain/support/case-states.js';
import { clockAfterStatus, resolutionDueAt } from '../../domain/support/sla.js';
import { caseReference } from '../../domain/support/case-reference.js';
import { loadCalendar } from './support-settings.js';
import { getCaseJson, insertActivity, loadCase, type CaseRow } from './cases.repository.js';
import { resolveAssignee } from './case-links.js';
import { caseAssigned, caseStatusChanged } from './support.events.js';
import type { CaseDetailJson } from './support.schemas.js';

/**
 * The case transition function: moves a locked case along its state table (409 illegal_transition
 * otherwise), pauses or resumes the resolution clock and recomputes its due time, and writes the
 * timeline entry, case.status_changed and the audit row in `tx`.
 */
export async function moveCaseInTx(tx: Db, ctx: Ctx, c: CaseRow, to: CaseStatus, reason: string | null, author = ctx.actor.name): Promise<CaseRow> {
  const at = ctx.clock.now();
  const from = c.status as CaseStatus;
  if (!canCaseTransition(from, to)) {
    throw new AppError('illegal_transition', `Case ${caseReference(c.number)} cannot go from ${from} to ${to}; allowed: ${nextCaseStates(from).join(', ')}`, { from, to, allowed: nextCaseStates(from) });
  }
  const cal = await loadCalendar(tx, ctx.timeZone);
  const clock = clockAfterStatus(cal, { elapsedMs: c.resolutionElapsedMs, runningSince: c.resolutionRunningSince }, to, at);
  const [row] = await tx
    .update(supportCases)
    .set({
      status: to,
      resolutionElapsedMs: clock.elapsedMs,
      resolutionRunningSince: clock.runningSince,
      resolutionDueAt: c.resolutionMinutes === null ? null : resolutionDueAt(cal, clock, c.resolutionMinutes),
      resolvedAt: to === 'resolved' ? at : c.resolvedAt,
      updatedAt: at,
    })
    .where(eq(supportCases.id, c.id))
    .returning();
  await insertActivity(tx, { id: ctx.newId(), caseId: c.id, kind: 'status_changed', author, at, body: reason, data: { from, to } });
  await enqueueEvents(tx, { ...ctx, at }, [newEvent(caseStatusChanged, c.id, { caseId: c.id, reference: caseReference(c.number), from, to, reason })]);
  await recordAudit(tx, { ...ctx, at }, { action: `case.${to}`, entityType: 'case', entityId: c.id, before: { status: from }, after: { status: to, reason } });
  return row!;
}

/** `POST /cases/{id}/status` (one transaction). */
export async function changeCaseStatus(ctx: Ctx, id: string, input: { status: CaseStatus; reason?: string | undefined }): Promise<CaseDetailJson> {
  return ctx.db.transaction(async (tx) => {
    const c = await loadCase(tx, id, { lock: true });
    await moveCaseInTx(tx, ctx, c, input.status, input.reason ?? null);
    return getCaseJson(tx, id, ctx.clock.now());
  });
}

/** `POST /cases/{id}/assign`: to a console user, `me`, or nobody (null). */
export async function assignCase(ctx: Ctx, id: string, assigneeId: string | null): Promise<CaseDetailJson> {
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const c = await loadCase(tx, id, { lock: true });
    const next = assigneeId === null ? null : await resolveAssignee(tx, ctx.actor, assigneeId);
    if ((next?.id ?? null) !== c.assigneeId) {
      await tx.update(supportCases).set({ assigneeId: next?.id ?? null, assigneeName: next?.name ?? null, updatedAt: at }).where(eq(supportCases.id, id));
      await insertActivity(tx, { id: ctx.newId(), caseId: id, kind: 'assigned', author: ctx.actor.name, at, data: { assigneeId: next?.id ?? null, assigneeName: next?.name ?? null, previousAssigneeId: c.assigneeId } });
      await enqueueEvents(tx, { ...ctx, at }, [newEvent(caseAssigned, id, { caseId: id, reference: caseReference(c.number), assigneeId: next?.id ?? null, assigneeName: next?.name ?? null, previousAssigneeId: c.assigneeId })]);
      await recordAudit(tx, { ...ctx, at }, { action: 'case.assigned', entityType: 'case', entityId: id, before: { assigneeId: c.assigneeId }, after: { assigneeId: next?.id ?? null } });
    }
    return getCaseJson(tx, id, at);
  });
}
