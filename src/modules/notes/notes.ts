import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { notes, type NoteSubjectType } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { actorLabel, type Actor } from '../../platform/auth/roles.js';
import { loadOrder } from '../orders/index.js';
import { getCustomer } from '../customers/index.js';
import { resolveMentions } from '../users/index.js';
import { noteAdded, noteDeleted, noteEdited } from './notes.events.js';
import type { NoteJson } from './notes.schemas.js';

type NoteRow = typeof notes.$inferSelect;
export interface Subject {
  type: NoteSubjectType;
  id: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toNoteJson = (n: NoteRow): NoteJson => ({
  id: n.id,
  subjectType: n.subjectType,
  subjectId: n.subjectId,
  body: n.deletedAt ? null : n.body,
  mentions: n.deletedAt ? [] : n.mentions,
  author: { type: n.authorType, id: n.authorId, name: n.authorName },
  createdAt: n.createdAt.toISOString(),
  edited: n.editedAt !== null,
  editedAt: iso(n.editedAt),
  deleted: n.deletedAt !== null,
  deletedAt: iso(n.deletedAt),
});

/** 404 unless the order or customer exists. */
export async function assertSubject(db: Db, s: Subject): Promise<void> {
  if (s.type === 'order') await loadOrder(db, s.id);
  else await getCustomer(db, s.id);
}

/** The notes of an order or customer, oldest first; deleted notes stay in the list, marked and without text. */
export async function listNotes(db: Db, s: Subject): Promise<NoteJson[]> {
  await assertSubject(db, s);
  const rows = await db.select().from(notes).where(and(eq(notes.subjectType, s.type), eq(notes.subjectId, s.id))).orderBy(asc(notes.createdAt), asc(notes.id));
  return rows.map(toNoteJson);
}

/** Writes a note; `@handle` mentions are resolved to console users (users.resolveMentions) and carried by note.added. */
export async function addNote(ctx: Ctx, s: Subject, body: string): Promise<NoteJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await assertSubject(tx, s);
    const mentions = (await resolveMentions(tx, body)).map(({ userId, handle }) => ({ userId, handle }));
    const [row] = await tx
      .insert(notes)
      .values({ id: ctx.newId(), subjectType: s.type, subjectId: s.id, body, mentions, authorType: ctx.actor.type, authorId: ctx.actor.id, authorName: ctx.actor.name, createdAt: at })
      .returning();
    const json = toNoteJson(row!);
    await recordAudit(tx, { ...ctx, at }, { action: 'note.added', entityType: s.type, entityId: s.id, after: { noteId: json.id, mentions } });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(noteAdded, json.id, { id: json.id, subjectType: s.type, subjectId: s.id, author: json.author, mentions })]);
    return json;
  });
}

const isAuthor = (n: NoteRow, a: Actor) => n.authorType === a.type && n.authorId === a.id;

async function lockNote(tx: Db, s: Subject, id: string): Promise<NoteRow> {
  const [n] = await tx.select().from(notes).where(and(eq(notes.id, id), eq(notes.subjectType, s.type), eq(notes.subjectId, s.id))).for('update');
  if (!n) throw notFound('Note', id);
  return n;
}

/** Changes the text of one's own note (403 for anyone else's, 409 once deleted). */
export async function editNote(ctx: Ctx, s: Subject, id: string, body: string): Promise<NoteJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const n = await lockNote(tx, s, id);
    if (!isAuthor(n, ctx.actor)) throw new AppError('forbidden', 'Only the author may edit a note');
    if (n.deletedAt) throw new AppError('conflict', 'The note was deleted');
    const mentions = (await resolveMentions(tx, body)).map(({ userId, handle }) => ({ userId, handle }));
    const newMentions = mentions.filter((m) => !n.mentions.some((o) => o.userId === m.userId));
    const [row] = await tx.update(notes).set({ body, mentions, editedAt: at }).where(eq(notes.id, id)).returning();
    const json = toNoteJson(row!);
    await recordAudit(tx, { ...ctx, at }, { action: 'note.edited', entityType: s.type, entityId: s.id, before: { noteId: id, body: n.body }, after: { noteId: id, body } });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(noteEdited, id, { id, subjectType: s.type, subjectId: s.id, author: json.author, mentions, newMentions })]);
    return json;
  });
}

/** Deletes one's own note (admins may delete anyone's); the row stays, marked deleted. */
export async function deleteNote(ctx: Ctx, s: Subject, id: string): Promise<NoteJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const n = await lockNote(tx, s, id);
    if (!isAuthor(n, ctx.actor) && ctx.actor.role !== 'admin') throw new AppError('forbidden', 'Only the author or an admin may delete a note');
    if (n.deletedAt) return toNoteJson(n);
    const by = actorLabel(ctx.actor);
    const [row] = await tx.update(notes).set({ deletedAt: at, deletedBy: by }).where(eq(notes.id, id)).returning();
    await recordAudit(tx, { ...ctx, at }, { action: 'note.deleted', entityType: s.type, entityId: s.id, before: { noteId: id, body: n.body } });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(noteDeleted, id, { id, subjectType: s.type, subjectId: s.id, deletedBy: by })]);
    return toNoteJson(row!);
  });
}

/** Moves customer notes from one customer to another (merge or its undo); only `noteIds` when given. Returns the ids moved. */
export async function reassignCustomerNotes(tx: Db, input: { fromCustomerId: string; toCustomerId: string; noteIds?: readonly string[] }): Promise<string[]> {
  if (input.noteIds && input.noteIds.length === 0) return [];
  const rows = await tx
    .update(notes)
    .set({ subjectId: input.toCustomerId })
    .where(and(eq(notes.subjectType, 'customer'), eq(notes.subjectId, input.fromCustomerId), input.noteIds ? inArray(notes.id, [...input.noteIds]) : undefined))
    .returning({ id: notes.id });
  return rows.map((r) => r.id).sort();
}
