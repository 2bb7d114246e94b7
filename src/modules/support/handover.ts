import { and, desc, eq, ne } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { supportCases } from '../../platform/db/schema/index.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import type { CaseCategory, CaseStatus } from '../../domain/support/case-states.js';
import { statusAfterCustomerMessage } from '../../domain/support/case-states.js';
import { caseReference } from '../../domain/support/case-reference.js';
import { insertActivity, loadCase } from './cases.repository.js';
import { resolveParty } from './case-links.js';
import { moveCaseInTx } from './change-case.js';
import { openCaseInTx } from './open-case.js';
import { caseMessageReceived } from './support.events.js';

const categoryOf: Record<string, CaseCategory> = { return: 'return', change_address: 'delivery', cancel: 'order', where_is_order: 'delivery', delivery_date: 'delivery', pickup: 'delivery' };
const subjectOf: Record<string, string> = { return: 'Return request', change_address: 'Change of delivery address', handover: 'Customer asked for a person', unknown: 'Question the assistant could not answer' };

/**
 * The self-service assistant handed a customer over: their message goes into the order's unresolved
 * assistant case if there is one (a second hand-over of the same conversation), else into a new case
 * linked to the order and its customer. Runs in the event handler's transaction.
 */
export async function openCaseFromHandover(tx: Db, ctx: Ctx, eventId: string, e: { orderId: string; orderNumber: string; intent: string; language: string; message: string; reply: string }): Promise<string> {
  const at = ctx.clock.now();
  const party = await resolveParty(tx, { orderId: e.orderId });
  const from = party.customerName ? `${party.customerName} <${party.customerEmail}>` : (party.customerEmail ?? 'customer');
  const data = { via: 'assistant', intent: e.intent, language: e.language, assistantReply: e.reply };
  const [existing] = await tx
    .select({ id: supportCases.id })
    .from(supportCases)
    .where(and(eq(supportCases.orderId, e.orderId), eq(supportCases.source, 'assistant'), ne(supportCases.status, 'resolved')))
    .orderBy(desc(supportCases.number))
    .limit(1);
  if (existing) {
    const c = await loadCase(tx, existing.id, { lock: true });
    const activityId = ctx.newId();
    await insertActivity(tx, { id: activityId, caseId: c.id, kind: 'customer_message', author: from, at, body: e.message, data, externalId: `assistant:${eventId}` });
    await tx.update(supportCases).set({ lastCustomerMessageAt: at, updatedAt: at }).where(eq(supportCases.id, c.id));
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(caseMessageReceived, c.id, { caseId: c.id, reference: caseReference(c.number), activityId, from: party.customerEmail ?? 'customer' })]);
    const reopen = statusAfterCustomerMessage(c.status as CaseStatus);
    if (reopen) await moveCaseInTx(tx, ctx, c, reopen, 'customer wrote to the assistant', from);
    return c.id;
  }
  const c = await openCaseInTx(tx, ctx, {
    subject: `${subjectOf[e.intent] ?? 'Customer question'} (order ${e.orderNumber})`,
    category: categoryOf[e.intent] ?? 'other',
    priority: 'normal',
    source: 'assistant',
    party,
    message: { body: e.message, from, externalId: `assistant:${eventId}`, data },
  });
  return c.id;
}
