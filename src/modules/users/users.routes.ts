import { z } from 'zod';
import { asc } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import type { Actor } from '../../platform/auth/roles.js';
import { access } from '../../platform/auth/roles.js';
import { users } from '../../platform/db/schema/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { createUser } from './create-user.js';
import { updateUser } from './update-user.js';
import { resetUserPassword } from './set-password.js';
import { createUserBody, resetPasswordBody, toUserJson, updateUserBody, userSchema } from './users.schemas.js';

const idParams = z.object({ id: z.uuid('must be a user id (UUID)') });

/** Admins manage console users: list, create, rename / change role / disable, reset a password. */
export const usersRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['users'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });

    app.get('/users', {
      config: { roles: access.admin },
      schema: { tags, summary: 'List console users', response: { 200: z.object({ items: z.array(userSchema) }), ...errorResponses } },
      handler: async () => ({ items: (await deps.db.select().from(users).orderBy(asc(users.createdAt), asc(users.email))).map(toUserJson) }),
    });

    app.post('/users', {
      config: { roles: access.admin },
      schema: { tags, summary: 'Create a console user with an initial password', body: createUserBody, response: { 201: userSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await createUser(ctx(req), req.body)),
    });

    app.patch('/users/:id', {
      config: { roles: access.admin },
      schema: {
        tags,
        summary: 'Rename a user, change their role, disable or re-enable them',
        description: 'Disabling ends the user’s sessions. An admin cannot disable or demote themselves (422).',
        params: idParams,
        body: updateUserBody,
        response: { 200: userSchema, ...errorResponses },
      },
      handler: async (req) => updateUser(ctx(req), req.params.id, req.body),
    });

    app.post('/users/:id/password', {
      config: { roles: access.admin },
      schema: { tags, summary: 'Set a user’s password (admin reset); ends all their sessions and clears a lockout', params: idParams, body: resetPasswordBody, response: { 200: userSchema, ...errorResponses } },
      handler: async (req) => resetUserPassword(ctx(req), req.params.id, req.body.password),
    });
  };
