import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor, type Role } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { NoteSubjectType } from '../../platform/db/schema/index.js';
import { mentionableUsers } from '../users/index.js';
import { noteBody, noteId, noteSchema, tagsBody, tagsSchema } from './notes.schemas.js';
import { addNote, assertSubject, deleteNote, editNote, listNotes } from './notes.js';
import { setTags, tagsOf } from './tags.js';

const subjects: Array<{ type: NoteSubjectType; path: 'orders' | 'customers'; label: string; read: readonly Role[]; tag: string }> = [
  { type: 'order', path: 'orders', label: 'an order', read: access.orderNotesRead, tag: 'orders' },
  { type: 'customer', path: 'customers', label: 'a customer', read: access.customerNotesRead, tag: 'customers' },
];

/** Internal notes (author, time, @mentions) and tags on orders and customers. */
export const notesRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });
    for (const s of subjects) {
      const tags = [s.tag, 'notes'];
      const params = z.object({ id: z.uuid('must be a UUID') });
      const noteParams = z.object({ id: z.uuid('must be a UUID'), noteId });
      const subject = (id: string) => ({ type: s.type, id });
      app.get(`/${s.path}/:id/notes`, {
        config: { roles: s.read },
        schema: { tags, summary: `Internal notes on ${s.label}, oldest first`, params, response: { 200: z.object({ items: z.array(noteSchema) }), ...errorResponses } },
        handler: async (req) => ({ items: await listNotes(deps.db, subject(req.params.id)) }),
      });
      app.post(`/${s.path}/:id/notes`, {
        config: { roles: access.notesWrite },
        schema: {
          tags,
          summary: `Write an internal note on ${s.label}`,
          description: '`@handle` names a console user (the local part of their email, or their name without spaces); mentions are resolved to user ids and carried by the note.added event.',
          params,
          body: noteBody,
          response: { 201: noteSchema, ...errorResponses },
        },
        handler: async (req, reply) => reply.code(201).send(await addNote(ctx(req), subject(req.params.id), req.body.body)),
      });
      app.patch(`/${s.path}/:id/notes/:noteId`, {
        config: { roles: access.notesWrite },
        schema: { tags, summary: `Edit one's own note on ${s.label}`, params: noteParams, body: noteBody, response: { 200: noteSchema, ...errorResponses } },
        handler: async (req) => editNote(ctx(req), subject(req.params.id), req.params.noteId, req.body.body),
      });
      app.delete(`/${s.path}/:id/notes/:noteId`, {
        config: { roles: access.notesWrite },
        schema: { tags, summary: `Delete one's own note on ${s.label} (admins: any note)`, params: noteParams, response: { 200: noteSchema, ...errorResponses } },
        handler: async (req) => deleteNote(ctx(req), subject(req.params.id), req.params.noteId),
      });
      app.get(`/${s.path}/:id/tags`, {
        config: { roles: s.read },
        schema: { tags, summary: `Tags of ${s.label}`, params, response: { 200: tagsSchema, ...errorResponses } },
        handler: async (req) => {
          await assertSubject(deps.db, subject(req.params.id));
          return { tags: await tagsOf(deps.db, subject(req.params.id)) };
        },
      });
      app.put(`/${s.path}/:id/tags`, {
        config: { roles: access.notesWrite },
        schema: { tags, summary: `Replace the tags of ${s.label}`, params, body: tagsBody, response: { 200: tagsSchema, ...errorResponses } },
        handler: async (req) => ({ tags: await setTags(ctx(req), subject(req.params.id), req.body.tags) }),
      });
    }
    app.get('/notes/mentionable-users', {
      config: { roles: access.notesWrite },
      schema: {
        tags: ['notes'],
        summary: 'Console users a note can mention, with their @handle',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), handle: z.string() })) }), ...errorResponses },
      },
      handler: async () => ({ items: await mentionableUsers(deps.db) }),
    });
  };
