import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { orders, supportCases } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { recordAudit } from '../../platform/audit.js';
import { fillTemplate } from '../../domain/support/reply-template.js';
import { caseReference, replySubject } from '../../domain/support/case-reference.js';
import { queueAdHocEmail } from '../notifications/index.js';
import { getCaseJson, insertActivity, loadCase, type CaseRow } from './cases.repository.js';
import { loadTemplate } from './reply-templates.js';
import { moveCaseInTx } from './change-case.js';
import { caseReplied } from './support.events.js';
import type { CaseDetailJson, ReplyInput } from './support.schemas.js';

async function placeholderValues(db: Db, c: CaseRow, agent: string): Promise<Record<string, string | null>> {
  const [o] = c.orderId ? await db.select({ number: orders.number }).from(orders).where(eq(orders.id, c.orderId)) : [];
  return {
    'customer.name': c.customerName,
    'customer.email': c.customerEmail,
    'order.number': o?.number ?? null,
    'case.reference': caseReference(c.number),
    'case.subject': c.subject,
    'agent.name': agent,
  };
}

/** A template filled for one case, for the agent to read and edit before sending. */
export async function previewReply(ctx: Ctx, caseId: string, templateId: string): Promise<{ subject: string; body: string }> {
  const c = await loadCase(ctx.db, caseId);
  const t = await loadTemplate(ctx.db, templateId);
  const values = await placeholderValues(ctx.db, c, ctx.actor.name);
  return { subject: replySubject(c.number, fillTemplate(t.subject ?? c.subject, values)), body: fillTemplate(t.body, values) };
}

/**
 * An agent's reply: queued as an e-mail to the customer through the notifications module (subject
 * tagged `[C-<n>]` so the answer threads back), recorded on the timeline, first response stamped,
 * case.replied written; optionally the case moves on (pending or resolved) in the same transaction.
 */
export async function replyToCase(ctx: Ctx, caseId: string, input: ReplyInput): Promise<CaseDetailJson> {
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    let c = await loadCase(tx, caseId, { lock: true });
    if (!c.customerEmail) throw new AppError('business_rule', `Case ${caseReference(c.number)} has no customer e-mail address to reply to`);
    const template = input.templateId ? await loadTemplate(tx, input.templateId) : null;
    const values = await placeholderValues(tx, c, ctx.actor.name);
    const body = input.body ?? fillTemplate(template!.body, values);
    const subject = replySubject(c.number, input.subject ?? fillTemplate(template?.subject ?? `Re: ${c.subject}`, values));
    if (/\{\{\s*[\w.]+\s*\}\}/.test(body)) throw new AppError('business_rule', 'The reply still has placeholders without a value for this case', { errors: [{ path: 'body', message: 'has unfilled {{placeholders}}' }] });
    const activityId = ctx.newId();
    const { messageId } = await queueAdHocEmail(tx, ctx, { dedupeKey: `case-reply:${activityId}`, kind: 'support_reply', orderId: c.orderId, customerId: c.customerId, recipient: c.customerEmail, subject, text: body });
    const firstResponse = c.firstRespondedAt === null;
    await insertActivity(tx, { id: activityId, caseId, kind: 'reply', author: ctx.actor.name, at, subject, body, data: { to: c.customerEmail, messageId, templateId: template?.id ?? null } });
    [c] = await tx
      .update(supportCases)
      .set({ firstRespondedAt: c.firstRespondedAt ?? at, updatedAt: at })
      .where(eq(supportCases.id, caseId))
      .returning() as [CaseRow];
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(caseReplied, caseId, { caseId, reference: caseReference(c.number), activityId, messageId, templateId: template?.id ?? null, firstResponse })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'case.replied', entityType: 'case', entityId: caseId, after: { messageId, templateId: template?.id ?? null } });
    if (input.then && input.then !== c.status) await moveCaseInTx(tx, ctx, c, input.then, null);
    return getCaseJson(tx, caseId, at);
  });
}

/** An internal comment: on the timeline only, never sent to the customer. */
export async function commentOnCase(ctx: Ctx, caseId: string, body: string): Promise<CaseDetailJson> {
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    await loadCase(tx, caseId, { lock: true });
    await insertActivity(tx, { id: ctx.newId(), caseId, kind: 'comment', author: ctx.actor.name, at, body });
    await tx.update(supportCases).set({ updatedAt: at }).where(eq(supportCases.id, caseId));
    return getCaseJson(tx, caseId, at);
  });
}
