import { z } from 'zod';
import { noteSubjectTypes } from '../../platform/db/schema/index.js';

export const noteId = z.uuid('must be a note id (UUID)');

export const mentionSchema = z.object({ userId: z.string(), handle: z.string() }).meta({ id: 'NoteMention' });

export const noteSchema = z
  .object({
    id: z.string(),
    subjectType: z.enum(noteSubjectTypes),
    subjectId: z.string(),
    body: z.string().nullable().describe('null once the note was deleted'),
    mentions: z.array(mentionSchema),
    author: z.object({ type: z.string(), id: z.string(), name: z.string() }),
    createdAt: z.string(),
    edited: z.boolean(),
    editedAt: z.string().nullable(),
    deleted: z.boolean(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Note' });

export type NoteJson = z.infer<typeof noteSchema>;

const body = z.string().trim().min(1, 'is required').max(5000, 'must be at most 5000 characters');
export const noteBody = z.object({ body }).meta({ id: 'NoteBody' });

/** A tag: lower case letters, digits, space, dash, underscore, colon; 1–40 characters. */
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'is required')
  .max(40, 'must be at most 40 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _:-]*$/u, 'may hold letters, digits, space, dash, underscore and colon');

export const tagsBody = z.object({ tags: z.array(tagSchema).max(50, 'at most 50 tags') }).meta({ id: 'TagsBody' });
export const tagsSchema = z.object({ tags: z.array(z.string()) }).meta({ id: 'Tags' });
