import { and, desc, eq, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orders, supportCaseActivity, supportCases, type CaseActivityKind } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js';
import { caseReference } from '../../domain/support/case-reference.js';
import { nextCaseStates, type CaseCategory, type CasePriority, type CaseStatus } from '../../domain/support/case-states.js';
import { slaState } from '../../domain/support/sla.js';
import type { CaseDetailJson, CaseJson, ListCasesQuery } from './support.schemas.js';

export type CaseRow = typeof supportCases.$inferSelect;
export type ActivityRow = typeof supportCaseActivity.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A case row, optionally locked (FOR UPDATE) for a use case that changes it; 404 when absent. */
export async function loadCase(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<CaseRow> {
  const q = db.select().from(supportCases).where(eq(supportCases.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw new AppError('not_found', `Case ${id} does not exist`);
  return row;
}

export async function findCaseByNumber(db: Db, number: number): Promise<CaseRow | null> {
  const [row] = await db.select().from(supportCases).where(eq(supportCases.number, number));
  return row ?? null;
}

export async function insertActivity(tx: Db, a: { id: string; caseId: string; kind: CaseActivityKind; author: string; at: Date; subject?: string | null; body?: string | null; data?: Record<string, unknown>; externalId?: string | null }): Promise<void> {
  await tx.insert(supportCaseActivity).values({ subject: null, body: null, data: {}, externalId: null, ...a });
}

export function toCaseJson(c: CaseRow, orderNumber: string | null, now: Date): CaseJson {
  const hasPolicy = c.firstResponseMinutes !== null;
  const first = slaState({ dueAt: c.firstResponseDueAt, doneAt: c.firstRespondedAt, breachedAt: c.firstResponseBreachedAt }, now);
  const resolution = slaState({ dueAt: c.resolutionDueAt, doneAt: c.resolvedAt && c.status === 'resolved' ? c.resolvedAt : null, breachedAt: c.resolutionBreachedAt }, now);
  const status = c.status as CaseStatus;
  return {
    id: c.id,
    number: c.number,
    reference: caseReference(c.number),
    subject: c.subject,
    category: c.category as CaseCategory,
    priority: c.priority as CasePriority,
    status,
    allowedStatuses: [...nextCaseStates(status)],
    source: c.source,
    orderId: c.orderId,
    orderNumber,
    customerId: c.customerId,
    customerEmail: c.customerEmail,
    customerName: c.customerName,
    assignee: c.assigneeId ? { id: c.assigneeId, name: c.assigneeName ?? c.assigneeId } : null,
    sla: {
      firstResponse: { dueAt: iso(c.firstResponseDueAt), doneAt: iso(c.firstRespondedAt), breachedAt: iso(c.firstResponseBreachedAt), state: hasPolicy ? first : 'none' },
      resolution: { dueAt: iso(c.resolutionDueAt), doneAt: c.status === 'resolved' ? iso(c.resolvedAt) : null, breachedAt: iso(c.resolutionBreachedAt), state: hasPolicy ? resolution : 'none' },
      breached: !!(c.firstResponseBreachedAt || c.resolutionBreachedAt),
    },
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    resolvedAt: iso(c.resolvedAt),
  };
}

async function orderNumberOf(db: Db, orderId: string | null): Promise<string | null> {
  if (!orderId) return null;
  const [o] = await db.select({ number: orders.number }).from(orders).where(eq(orders.id, orderId));
  return o?.number ?? null;
}

export async function getCaseJson(db: Db, id: string, now: Date): Promise<CaseDetailJson> {
  const c = await loadCase(db, id);
  const timeline = await db.select().from(supportCaseActivity).where(eq(supportCaseActivity.caseId, id)).orderBy(supportCaseActivity.at, supportCaseActivity.seq);
  return {
    ...toCaseJson(c, await orderNumberOf(db, c.orderId), now),
    timeline: timeline.map((a) => ({ id: a.id, kind: a.kind, author: a.author, subject: a.subject, body: a.body, data: a.data, at: a.at.toISOString() })),
  };
}

/** Newest first; `breached` means an SLA target was missed (recorded by the breach job, or past due now). */
export async function listCases(db: Db, q: ListCasesQuery, ctx: { now: Date; actorId: string }): Promise<{ items: CaseJson[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (q.status) where.push(eq(supportCases.status, q.status));
  if (q.category) where.push(eq(supportCases.category, q.category));
  if (q.priority) where.push(eq(supportCases.priority, q.priority));
  if (q.orderId) where.push(eq(supportCases.orderId, q.orderId));
  if (q.customerId) where.push(eq(supportCases.customerId, q.customerId));
  if (q.assigneeId === 'none') where.push(isNull(supportCases.assigneeId));
  else if (q.assigneeId) where.push(eq(supportCases.assigneeId, q.assigneeId === 'me' ? ctx.actorId : q.assigneeId));
  const breached = breachedNow(ctx.now);
  if (q.breached === true) where.push(breached);
  if (q.breached === false) where.push(sql`not (${breached})`);
  const cursor = decodeCursor(q.cursor);
  if (cursor) {
    const n = Number(cursor[0]);
    if (!Number.isSafeInteger(n)) throw new AppError('validation_failed', 'The cursor is not one this API returned', { errors: [{ path: 'cursor', message: 'is not a nextCursor from a previous page' }] });
    where.push(lt(supportCases.number, n));
  }
  const rows = await db
    .select({ c: supportCases, orderNumber: orders.number })
    .from(supportCases)
    .leftJoin(orders, eq(orders.id, supportCases.orderId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(supportCases.number))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { items: page.map((r) => toCaseJson(r.c, r.orderNumber, ctx.now)), nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)!.c.number]) : null };
}

/** Unresolved and past a target: recorded as breached, or due and not met (the job may not have run yet). */
function breachedNow(now: Date): SQL {
  return and(
    sql`${supportCases.status} <> 'resolved'`,
    or(
      isNotNull(supportCases.firstResponseBreachedAt),
      isNotNull(supportCases.resolutionBreachedAt),
      and(isNull(supportCases.firstRespondedAt), lte(supportCases.firstResponseDueAt, now)),
      lte(supportCases.resolutionDueAt, now),
    ),
  )!;
}

/** The dashboard figures: open, pending, unassigned, breached and due within the hour. */
export async function caseSummary(db: Db, now: Date) {
  const soon = new Date(now.getTime() + 3_600_000);
  const [r] = await db
    .select({
      open: sql<number>`count(*) filter (where ${supportCases.status} = 'open')::int`,
      pending: sql<number>`count(*) filter (where ${supportCases.status} = 'pending')::int`,
      unassigned: sql<number>`count(*) filter (where ${supportCases.status} <> 'resolved' and ${supportCases.assigneeId} is null)::int`,
      breached: sql<number>`count(*) filter (where ${breachedNow(now)})::int`,
      dueSoon: sql<number>`count(*) filter (where not (${breachedNow(now)}) and ${supportCases.status} <> 'resolved' and ((${supportCases.firstRespondedAt} is null and ${supportCases.firstResponseDueAt} <= ${soon.toISOString()}::timestamptz) or ${supportCases.resolutionDueAt} <= ${soon.toISOString()}::timestamptz))::int`,
    })
    .from(supportCases);
  return r!;
}
