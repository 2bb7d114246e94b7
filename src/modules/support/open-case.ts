import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { supportCases } from '../../platform/db/schema/index.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { recordAudit } from '../../platform/audit.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { initialCaseStatus, type CaseCategory, type CasePriority } from '../../domain/support/case-states.js';
import { choosePolicy, firstResponseDueAt, resolutionDueAt, startResolutionClock } from '../../domain/support/sla.js';
import { caseReference } from '../../domain/support/case-reference.js';
import { loadCalendar, loadPolicies } from './support-settings.js';
import { getCaseJson, insertActivity, type CaseRow } from './cases.repository.js';
import { resolveAssignee, resolveParty, type CaseParty } from './case-links.js';
import { caseOpened } from './support.events.js';
import type { CaseDetailJson, CreateCaseInput } from './support.schemas.js';

export type CaseSource = 'console' | 'api' | 'email' | 'assistant';

export interface OpenCaseInput {
  subject: string;
  category: CaseCategory;
  priority: CasePriority;
  party: CaseParty;
  source: CaseSource;
  /** The customer's words: the first timeline entry (a customer message). */
  message?: { body: string; from: string; externalId?: string | null; data?: Record<string, unknown> } | undefined;
  assignee?: { id: string; name: string } | null;
}

/**
 * Opens a case in `tx`: the SLA policy of its category and priority is copied onto it and both due
 * times are computed on the support calendar; the opening, the customer's message and case.opened
 * are written in the same transaction.
 */
export async function openCaseInTx(tx: Db, ctx: Ctx, input: OpenCaseInput): Promise<CaseRow> {
  const at = ctx.clock.now();
  const cal = await loadCalendar(tx, ctx.timeZone);
  const policy = choosePolicy(await loadPolicies(tx), input.category, input.priority);
  const clock = startResolutionClock(at);
  const id = ctx.newId();
  const [row] = await tx
    .insert(supportCases)
    .values({
      id,
      subject: input.subject,
      category: input.category,
      priority: input.priority,
      status: initialCaseStatus,
      source: input.source,
      ...input.party,
      assigneeId: input.assignee?.id ?? null,
      assigneeName: input.assignee?.name ?? null,
      firstResponseMinutes: policy?.firstResponseMinutes ?? null,
      resolutionMinutes: policy?.resolutionMinutes ?? null,
      firstResponseDueAt: policy ? firstResponseDueAt(cal, at, policy.firstResponseMinutes) : null,
      resolutionDueAt: policy ? resolutionDueAt(cal, clock, policy.resolutionMinutes) : null,
      resolutionElapsedMs: 0,
      resolutionRunningSince: clock.runningSince,
      lastCustomerMessageAt: input.message ? at : null,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  const c = row!;
  const author = ctx.actor.name;
  await insertActivity(tx, { id: ctx.newId(), caseId: id, kind: 'opened', author, at, data: { source: input.source, category: input.category, priority: input.priority } });
  if (input.message) await insertActivity(tx, { id: ctx.newId(), caseId: id, kind: 'customer_message', author: input.message.from, at, subject: input.subject, body: input.message.body, externalId: input.message.externalId ?? null, data: input.message.data ?? {} });
  if (input.assignee) await insertActivity(tx, { id: ctx.newId(), caseId: id, kind: 'assigned', author, at, data: { assigneeId: input.assignee.id, assigneeName: input.assignee.name } });
  await enqueueEvents(tx, { ...ctx, at }, [
    newEvent(caseOpened, id, {
      caseId: id,
      reference: caseReference(c.number),
      subject: c.subject,
      category: input.category,
      priority: input.priority,
      source: input.source,
      orderId: c.orderId,
      customerId: c.customerId,
      firstResponseDueAt: c.firstResponseDueAt?.toISOString() ?? null,
      resolutionDueAt: c.resolutionDueAt?.toISOString() ?? null,
    }),
  ]);
  await recordAudit(tx, { ...ctx, at }, { action: 'case.opened', entityType: 'case', entityId: id, after: { reference: caseReference(c.number), source: input.source, orderId: c.orderId, customerId: c.customerId } });
  return c;
}

/** `POST /cases`: a case opened by an agent or an integration (Idempotency-Key makes retries safe). */
export async function createCase(ctx: Ctx, input: CreateCaseInput, opts: { source: 'console' | 'api'; idempotencyKey?: string | undefined }) {
  return runIdempotent<CaseDetailJson>(ctx, { key: opts.idempotencyKey, route: 'POST /cases', request: input }, async (tx) => {
    const party = await resolveParty(tx, input);
    const assignee = input.assigneeId ? await resolveAssignee(tx, ctx.actor, input.assigneeId) : null;
    const from = party.customerName ? `${party.customerName} <${party.customerEmail ?? ''}>` : (party.customerEmail ?? 'customer');
    const c = await openCaseInTx(tx, ctx, { subject: input.subject, category: input.category, priority: input.priority, party, source: opts.source, assignee, message: input.message ? { body: input.message, from } : undefined });
    return { status: 201, body: await getCaseJson(tx, c.id, ctx.clock.now()) };
  });
}
