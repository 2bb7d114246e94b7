import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { templateNames } from '../../domain/notifications/templates.js';
import { brandingOf, loadNotificationSettings, saveNotificationSettings } from './settings.js';
import { brandingSchema, messageSchema, previewQuery, previewSchema, testSendBody } from './notifications.schemas.js';
import { listOrderMessages, previewTemplate, resendMessage, testSend } from './messages.js';

const orderParams = z.object({ id: z.uuid('must be an order id (UUID)') });
const messageParams = z.object({ id: z.uuid('must be a message id (UUID)') });
const templateParams = z.object({ template: z.enum(templateNames) });

/** Merchant settings of customer messages; the order timeline, resend, preview and test send. */
export const notificationsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['notifications'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });
    const publicUrl = deps.publicUrl ?? 'http://127.0.0.1:3000';

    app.get('/notification-settings', {
      config: { roles: access.riskSettings },
      schema: { tags, summary: 'Branding, sender, language and switched-off templates of customer messages', response: { 200: brandingSchema, ...errorResponses } },
      handler: async () => brandingOf(await loadNotificationSettings(deps.db, deps.clock.now())),
    });

    app.put('/notification-settings', {
      config: { roles: access.riskSettings },
      schema: { tags, summary: 'Replace the branding and switches of customer messages', body: brandingSchema, response: { 200: brandingSchema, ...errorResponses } },
      handler: async (req) => saveNotificationSettings(ctx(req), req.body),
    });

    app.get('/orders/:id/messages', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Customer messages of an order, oldest first, with status and retries', params: orderParams, response: { 200: z.object({ items: z.array(messageSchema) }), ...errorResponses } },
      handler: async (req) => listOrderMessages(deps.db, req.params.id),
    });

    app.post('/notification-messages/:id/resend', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'Send a message again (a new message with the same content and recipient)', params: messageParams, response: { 201: messageSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await resendMessage(ctx(req), req.params.id)),
    });

    app.get('/notification-templates/:template/preview', {
      config: { roles: access.riskReview },
      schema: { tags, summary: 'A template rendered with sample data and the current branding', params: templateParams, querystring: previewQuery, response: { 200: previewSchema, ...errorResponses } },
      handler: async (req) => previewTemplate(deps.db, deps.clock.now(), publicUrl, req.params.template, req.query.locale),
    });

    app.post('/notification-templates/test-send', {
      config: { roles: access.riskSettings },
      schema: { tags, summary: 'Queue a template with sample data to an address (sent like any message)', body: testSendBody, response: { 201: messageSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await testSend(ctx(req), req.body)),
    });
  };
