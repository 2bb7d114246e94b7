import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { noteSubjectTypes } from '../../platform/db/schema/index.js';

const subject = { subjectType: z.enum(noteSubjectTypes), subjectId: z.string() };
const author = z.object({ type: z.string(), id: z.string(), name: z.string() });
const mentions = z.array(z.object({ userId: z.string(), handle: z.string() }));

/** The notes context's public events. Bodies are internal and stay out of events: consumers read the note. */
export const noteAdded = defineEvent({
  type: 'note.added',
  version: 1,
  aggregateType: 'note',
  summary: 'An internal note was written on an order or a customer; `mentions` are the console users it names (@handle).',
  payload: z.object({ id: z.string(), ...subject, author, mentions }),
});

export const noteEdited = defineEvent({
  type: 'note.edited',
  version: 1,
  aggregateType: 'note',
  summary: 'Its author changed an internal note; `mentions` are the users the new text names, `newMentions` those it did not name before.',
  payload: z.object({ id: z.string(), ...subject, author, mentions, newMentions: mentions }),
});

export const noteDeleted = defineEvent({
  type: 'note.deleted',
  version: 1,
  aggregateType: 'note',
  summary: 'An internal note was deleted (its row stays, marked deleted).',
  payload: z.object({ id: z.string(), ...subject, deletedBy: z.string() }),
});

export const tagsChanged = defineEvent({
  type: 'tags.changed',
  version: 1,
  aggregateType: 'tags',
  summary: 'The tags of an order or a customer changed (the aggregate id is the subject id): the tags now, and what was added and removed.',
  payload: z.object({ ...subject, tags: z.array(z.string()), added: z.array(z.string()), removed: z.array(z.string()) }),
});

export const notesEvents = [noteAdded, noteEdited, noteDeleted, tagsChanged] as const;
