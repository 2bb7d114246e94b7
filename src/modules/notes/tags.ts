import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { entityTags } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { tagsChanged } from './notes.events.js';
import { assertSubject, type Subject } from './notes.js';

/** The tags of an order or customer, alphabetically. */
export async function tagsOf(db: Db, s: Subject): Promise<string[]> {
  const rows = await db.select({ tag: entityTags.tag }).from(entityTags).where(and(eq(entityTags.subjectType, s.type), eq(entityTags.subjectId, s.id))).orderBy(asc(entityTags.tag));
  return rows.map((r) => r.tag);
}

/** Replaces the tags of an order or customer (the list given is the whole set); no change writes nothing. */
export async function setTags(ctx: Ctx, s: Subject, wanted: readonly string[]): Promise<string[]> {
  const at = ctx.clock.now();
  const next = [...new Set(wanted)].sort();
  return ctx.db.transaction(async (tx) => {
    await assertSubject(tx, s);
    const before = await tagsOf(tx, s);
    const added = next.filter((t) => !before.includes(t));
    const removed = before.filter((t) => !next.includes(t));
    if (added.length === 0 && removed.length === 0) return before;
    if (removed.length) await tx.delete(entityTags).where(and(eq(entityTags.subjectType, s.type), eq(entityTags.subjectId, s.id), inArray(entityTags.tag, removed)));
    if (added.length) await tx.insert(entityTags).values(added.map((tag) => ({ subjectType: s.type, subjectId: s.id, tag, createdAt: at })));
    await recordAudit(tx, { ...ctx, at }, { action: 'tags.changed', entityType: s.type, entityId: s.id, before: { tags: before }, after: { tags: next } });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(tagsChanged, s.id, { subjectType: s.type, subjectId: s.id, tags: next, added, removed })]);
    return next;
  });
}

/** Gives the target customer every tag of the source it lacks (a merge); returns the tags added. The source keeps its tags. */
export async function copyCustomerTags(tx: Db, input: { fromCustomerId: string; toCustomerId: string; at: Date }): Promise<string[]> {
  const from = await tagsOf(tx, { type: 'customer', id: input.fromCustomerId });
  const to = await tagsOf(tx, { type: 'customer', id: input.toCustomerId });
  const added = from.filter((t) => !to.includes(t));
  if (added.length) await tx.insert(entityTags).values(added.map((tag) => ({ subjectType: 'customer' as const, subjectId: input.toCustomerId, tag, createdAt: input.at })));
  return added;
}

/** Takes tags off a customer (undo of a merge: the tags it added). */
export async function removeCustomerTags(tx: Db, customerId: string, tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  await tx.delete(entityTags).where(and(eq(entityTags.subjectType, 'customer'), eq(entityTags.subjectId, customerId), inArray(entityTags.tag, [...tags])));
}
