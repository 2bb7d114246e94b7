import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { templateNames } from '../../domain/notifications/templates.js';
import { brandingOf, loadNotificationSettings, saveNotificationSettings } from './settings.js';
import { brandingSchema, messageSchema, previewQuery, previewSchema, testSendBody } from './notifications.schemas.js';
import { contactPreferencesSchema, getContactPreferences, saveContactPreferences } from './contact-preferences.js';
import { listConsentLog } from './consent-log.js';
import { getCustomer } from '../customers/index.js';
import { listOrderMessages, previewTemplate, resendMessage, testSend } from './messages.js';

const orderParams = z.object({ id: z.uuid('must be an order id (UUID)') });
const messageParams = z.object({ id: z.uuid('must be a message id (UUID)') });
const customerParams = z.object({ id: z.uuid('must be a customer id (UUID)') });
const preferencesJson = z.object({ locale: z.string().nullable(), phone: z.string().nullable(), smsOptIn: z.boolean(), marketingConsent: z.boolean(), unsubscribedAt: z.string().nullable() });
const consentEntrySchema = z
  .object({
    consent: z.enum(['sms', 'marketing']),
    granted: z.boolean(),
    source: z.enum(['inbound_sms', 'console', 'unsubscribe_link']),
    address: z.string().nullable().describe('The phone number or e-mail address'),
    detail: z.string().nullable().describe('The keyword received (STOP, START …) or who changed it'),
    at: z.string(),
  })
  .meta({ id: 'ConsentLogEntry' });
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

    app.get('/customers/:id/contact-preferences', {
      config: { roles: access.customersRead },
      schema: { tags, summary: 'Language, SMS opt-in and consent of a customer', params: customerParams, response: { 200: preferencesJson, ...errorResponses } },
      handler: async (req) => getContactPreferences(deps.db, req.params.id),
    });

    app.put('/customers/:id/contact-preferences', {
      config: { roles: access.customersWrite },
      schema: { tags, summary: 'Set language, SMS opt-in (E.164 number) and marketing consent', params: customerParams, body: contactPreferencesSchema, response: { 200: preferencesJson, ...errorResponses } },
      handler: async (req) => saveContactPreferences(ctx(req), req.params.id, req.body),
    });

    app.get('/customers/:id/consent-log', {
      config: { roles: access.customersRead },
      schema: { tags, summary: 'Every SMS and marketing consent change of a customer (console, inbound STOP/START, unsubscribe link), oldest first', params: customerParams, response: { 200: z.object({ items: z.array(consentEntrySchema) }), ...errorResponses } },
      handler: async (req) => {
        await getCustomer(deps.db, req.params.id);
        return { items: await listConsentLog(deps.db, req.params.id) };
      },
    });
  };
