import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { brandingOf, loadNotificationSettings, saveNotificationSettings } from './settings.js';
import { brandingSchema } from './notifications.schemas.js';

/** Merchant settings of customer messages; the order timeline, resend, preview and test send. */
export const notificationsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['notifications'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });

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
  };
