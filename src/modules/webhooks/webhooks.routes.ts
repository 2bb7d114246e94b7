import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { createSubscription, deleteSubscription, getSubscription, listSubscriptions, rotateSecret, updateSubscription, type WebhookSettings } from './subscriptions.js';
import { getDelivery, listDeliveries, replayDelivery, replayRange } from './deliveries.js';
import {
  createSubscriptionBody,
  deliveriesQuery,
  deliveryDetailSchema,
  deliverySchema,
  replayRangeBody,
  subscriptionSchema,
  subscriptionWithSecretSchema,
  updateSubscriptionBody,
} from './webhooks.schemas.js';

const idParams = z.object({ id: z.uuid('must be a webhook subscription id (UUID)') });
const deliveryParams = z.object({ deliveryId: z.uuid('must be a delivery id (UUID)') });

/** Outbound webhook subscriptions, their delivery log and replay (docs/webhooks.md). Admins only: URLs and secrets. */
export const webhooksRoutes =
  (deps: Deps, opts: { settings: WebhookSettings; eventTypes: readonly string[] }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['webhooks'];
    const roles = access.admin;
    const known = new Set(opts.eventTypes);
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });

    app.get('/webhooks', {
      config: { roles },
      schema: { tags, summary: 'Webhook subscriptions, newest first', response: { 200: z.object({ items: z.array(subscriptionSchema) }), ...errorResponses } },
      handler: async (req) => ({ items: await listSubscriptions(ctx(req)) }),
    });

    app.post('/webhooks', {
      config: { roles },
      schema: {
        tags,
        summary: 'Subscribe an endpoint to event types; the answer carries its signing secret (whsec_…). Private, loopback and link-local targets are refused (422)',
        body: createSubscriptionBody,
        response: { 201: subscriptionWithSecretSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.code(201).send(await createSubscription(ctx(req), req.body, opts.settings, known)),
    });

    app.get('/webhooks/:id', {
      config: { roles },
      schema: { tags, summary: 'One webhook subscription (without its secret)', params: idParams, response: { 200: subscriptionSchema, ...errorResponses } },
      handler: async (req) => getSubscription(ctx(req), req.params.id),
    });

    app.patch('/webhooks/:id', {
      config: { roles },
      schema: { tags, summary: 'Change URL, event types or description; enable (again) or disable', params: idParams, body: updateSubscriptionBody, response: { 200: subscriptionSchema, ...errorResponses } },
      handler: async (req) => updateSubscription(ctx(req), req.params.id, req.body, opts.settings, known),
    });

    app.delete('/webhooks/:id', {
      config: { roles },
      schema: { tags, summary: 'Delete a subscription and its delivery log', params: idParams, response: { 200: z.object({ id: z.string(), deleted: z.literal(true) }), ...errorResponses } },
      handler: async (req) => {
        await deleteSubscription(ctx(req), req.params.id);
        return { id: req.params.id, deleted: true as const };
      },
    });

    app.post('/webhooks/:id/rotate-secret', {
      config: { roles },
      schema: { tags, summary: 'Issue a new signing secret; for 24 h every request is signed with both the new and the previous one', params: idParams, response: { 200: subscriptionWithSecretSchema, ...errorResponses } },
      handler: async (req) => rotateSecret(ctx(req), req.params.id, opts.settings),
    });

    app.get('/webhooks/:id/deliveries', {
      config: { roles },
      schema: { tags, summary: 'Delivery log of a subscription, newest first', params: idParams, querystring: deliveriesQuery, response: { 200: z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }), ...errorResponses } },
      handler: async (req) => {
        await getSubscription(ctx(req), req.params.id);
        return listDeliveries(deps.db, req.params.id, req.query);
      },
    });

    app.post('/webhooks/:id/replay', {
      config: { roles },
      schema: { tags, summary: 'Send again every delivery created in a time range (or only the failed ones)', params: idParams, body: replayRangeBody, response: { 200: z.object({ replayed: z.number().int() }), ...errorResponses } },
      handler: async (req) => replayRange(ctx(req), req.params.id, req.body),
    });

    app.get('/webhook-deliveries/:deliveryId', {
      config: { roles },
      schema: { tags, summary: 'One delivery: request body and every attempt (status, truncated response body, latency)', params: deliveryParams, response: { 200: deliveryDetailSchema, ...errorResponses } },
      handler: async (req) => getDelivery(deps.db, req.params.deliveryId),
    });

    app.post('/webhook-deliveries/:deliveryId/replay', {
      config: { roles },
      schema: { tags, summary: 'Send one delivery again (fresh retry schedule)', params: deliveryParams, response: { 200: deliverySchema, ...errorResponses } },
      handler: async (req) => replayDelivery(ctx(req), req.params.deliveryId),
    });
  };
