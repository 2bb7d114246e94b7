import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { createDraft, deleteDraft, getDraft, listDrafts, updateDraft } from './order-drafts.js';
import { listDraftsQuery, orderDraftSchema, saveDraftBody } from './order-drafts.schemas.js';

const idParams = z.object({ id: z.uuid('must be an order draft id (UUID)') });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }).loose();

/** Draft orders of the console's order entry (phone and service orders): saved, listed, resumed; deleted by the placement that names them (POST /orders `draftId`). */
export const orderDraftsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['orders'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });

    app.post('/order-drafts', {
      config: { roles: access.ordersWrite },
      schema: { tags, summary: 'Save a new order draft; accepts Idempotency-Key', headers: idempotencyHeaders, body: saveDraftBody, response: { 201: orderDraftSchema, ...errorResponses } },
      handler: async (req, reply) => {
        const out = await createDraft(ctx(req), req.body, req.headers['idempotency-key']);
        if (out.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(201).send(out.body);
      },
    });

    app.get('/order-drafts', {
      config: { roles: access.ordersWrite },
      schema: { tags, summary: 'Order drafts, most recently saved first', querystring: listDraftsQuery, response: { 200: z.object({ items: z.array(orderDraftSchema), nextCursor: z.string().nullable() }), ...errorResponses } },
      handler: async (req) => listDrafts(ctx(req), req.query),
    });

    app.get('/order-drafts/:id', {
      config: { roles: access.ordersWrite },
      schema: { tags, summary: 'Get an order draft', params: idParams, response: { 200: orderDraftSchema, ...errorResponses } },
      handler: async (req) => getDraft(deps.db, req.params.id),
    });

    app.put('/order-drafts/:id', {
      config: { roles: access.ordersWrite },
      schema: { tags, summary: 'Save an order draft again (replaces its title and body)', params: idParams, body: saveDraftBody, response: { 200: orderDraftSchema, ...errorResponses } },
      handler: async (req) => updateDraft(ctx(req), req.params.id, req.body),
    });

    app.delete('/order-drafts/:id', {
      config: { roles: access.ordersWrite },
      schema: { tags, summary: 'Delete an order draft (placing an order with its draftId deletes it in the same transaction)', params: idParams, response: { 200: z.object({ id: z.string(), deleted: z.literal(true) }), ...errorResponses } },
      handler: async (req) => {
        await deleteDraft(ctx(req), req.params.id);
        return { id: req.params.id, deleted: true as const };
      },
    });
  };
