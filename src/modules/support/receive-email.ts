import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { supportCaseActivity, supportCases } from '../../platform/db/schema/index.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { normaliseEmail } from '../customers/index.js';
import { caseReference, findCaseNumber } from '../../domain/support/case-reference.js';
import { statusAfterCustomerMessage, type CaseStatus } from '../../domain/support/case-states.js';
import { findCaseByNumber, insertActivity, loadCase } from './cases.repository.js';
import { customerByEmail, latestOrderOf } from './case-links.js';
import { moveCaseInTx } from './change-case.js';
import { openCaseInTx } from './open-case.js';
import { caseMessageReceived } from './support.events.js';

/** One inbound customer e-mail, whatever provider delivered it. */
export interface InboundEmail {
  /** The provider's (or the Message-ID header's) id: a redelivery is recognised by it. */
  messageId: string;
  from: { email: string; name: string | null };
  to: string[];
  subject: string;
  text: string;
}

export type InboundOutcome = { outcome: 'threaded' | 'opened' | 'duplicate'; caseId: string; reference: string };

/**
 * Files a customer e-mail: into the case its subject tag (`[C-42]`) or plus-address names when the
 * sender is that case's customer (a pending or resolved case reopens), else into a new case matched
 * to the customer by e-mail (and their latest order). One transaction; a redelivered message id adds nothing.
 */
export async function receiveEmail(ctx: Ctx, mail: InboundEmail): Promise<InboundOutcome> {
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const [seen] = await tx.select({ caseId: supportCaseActivity.caseId }).from(supportCaseActivity).where(eq(supportCaseActivity.externalId, mail.messageId));
    if (seen) return { outcome: 'duplicate', caseId: seen.caseId, reference: caseReference((await loadCase(tx, seen.caseId)).number) };
    const email = normaliseEmail(mail.from.email);
    const from = mail.from.name ? `${mail.from.name} <${email}>` : email;
    const body = mail.text.trim() || '(empty message)';
    const number = findCaseNumber(mail.subject, mail.to);
    const found = number === null ? null : await findCaseByNumber(tx, number);
    if (found && found.customerEmail && normaliseEmail(found.customerEmail) === email) {
      let c = await loadCase(tx, found.id, { lock: true });
      const activityId = ctx.newId();
      await insertActivity(tx, { id: activityId, caseId: c.id, kind: 'customer_message', author: from, at, subject: mail.subject, body, externalId: mail.messageId });
      [c] = await tx.update(supportCases).set({ lastCustomerMessageAt: at, updatedAt: at }).where(eq(supportCases.id, c.id)).returning() as [typeof c];
      await enqueueEvents(tx, { ...ctx, at }, [newEvent(caseMessageReceived, c.id, { caseId: c.id, reference: caseReference(c.number), activityId, from: email })]);
      const reopen = statusAfterCustomerMessage(c.status as CaseStatus);
      if (reopen) await moveCaseInTx(tx, ctx, c, reopen, 'customer replied', from);
      return { outcome: 'threaded', caseId: c.id, reference: caseReference(c.number) };
    }
    const customer = await customerByEmail(tx, email);
    const orderId = customer ? await latestOrderOf(tx, customer.id) : null;
    const subject = mail.subject.trim().slice(0, 300) || '(no subject)';
    const c = await openCaseInTx(tx, ctx, {
      subject,
      category: 'other',
      priority: 'normal',
      source: 'email',
      party: { orderId, customerId: customer?.id ?? null, customerEmail: email, customerName: mail.from.name ?? customer?.name ?? null },
      message: { body, from, externalId: mail.messageId },
    });
    return { outcome: 'opened', caseId: c.id, reference: caseReference(c.number) };
  });
}
