import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const noteSubjectTypes = ['order', 'customer'] as const;
export type NoteSubjectType = (typeof noteSubjectTypes)[number];

/**
 * Internal notes on an order or a customer (owned by modules/notes). The author is the actor who wrote
 * it; `mentions` are the console users named with `@handle`, resolved when written. A deleted note keeps
 * its row (deleted_at, deleted_by) so the history shows that something was removed.
 */
export const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey(),
    subjectType: text('subject_type').$type<NoteSubjectType>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    body: text('body').notNull(),
    mentions: jsonb('mentions').$type<Array<{ userId: string; handle: string }>>().notNull().default([]),
    authorType: text('author_type').notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    createdAt: ts('created_at').notNull(),
    editedAt: ts('edited_at'),
    deletedAt: ts('deleted_at'),
    deletedBy: text('deleted_by'),
  },
  (t) => [
    index('notes_subject_idx').on(t.subjectType, t.subjectId, t.createdAt),
    check('notes_subject_type', sql`${t.subjectType} in ('order', 'customer')`),
  ],
);

/** Tags on orders and customers (owned by modules/notes): one row per (subject, tag); lists filter by tag. */
export const entityTags = pgTable(
  'entity_tags',
  {
    subjectType: text('subject_type').$type<NoteSubjectType>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    tag: text('tag').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'entity_tags_pkey', columns: [t.subjectType, t.subjectId, t.tag] }),
    index('entity_tags_tag_idx').on(t.subjectType, t.tag),
    check('entity_tags_subject_type', sql`${t.subjectType} in ('order', 'customer')`),
  ],
);
