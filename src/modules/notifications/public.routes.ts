import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { customerContactPreferences } from '../../platform/db/schema/index.js';
import { getCustomer } from '../customers/index.js';
import { chooseLocale, toLocale, type Locale } from '../../domain/notifications/locale.js';
import { brandingOf, loadNotificationSettings } from './settings.js';
import { recordConsent } from './consent-log.js';
import { linkToken, verifyLinkToken } from './links.js';
import { lookupOrder, orderStatusView } from './order-status.js';
import { lookupPage, statusPage } from './status-page.js';
import { assistantMessage, type CancelOrder } from './assistant.js';
import { intents } from '../../domain/notifications/assistant.js';
import { locales } from '../../domain/notifications/locale.js';
import { weekdays } from '../../domain/locations/opening-hours.js';
import { perMinuteLimiter } from '../../platform/http/per-minute-limiter.js';

/** Order status lookups per client address and minute: the 21st is refused with 429. */
export const lookupsPerMinute = 20;

const lookupBody = z
  .object({
    orderNumber: z.string().trim().min(1, 'is required').max(40),
    email: z.string().trim().max(320).optional(),
    postalCode: z.string().trim().max(20).optional(),
  })
  .refine((b) => b.email || b.postalCode, { message: 'give the e-mail address or the postal code of the order', path: ['email'] });

const viewSchema = z
  .object({
    number: z.string(),
    status: z.string(),
    placedAt: z.string(),
    customerName: z.string(),
    country: z.string().nullable(),
    locale: z.string().nullable().describe('The order’s language tag, if it was placed with one'),
    items: z.array(z.object({ name: z.string(), quantity: z.number(), shipped: z.number(), delivered: z.number(), cancelled: z.number() })),
    promisedDate: z.string().nullable(),
    shipments: z.array(
      z.object({
        number: z.string(),
        carrier: z.string(),
        status: z.string(),
        trackingNumbers: z.array(z.string()),
        estimatedDelivery: z.string().nullable(),
        deliveredAt: z.string().nullable(),
        timeline: z.array(z.object({ status: z.string(), message: z.string().nullable(), location: z.string().nullable(), at: z.string() })),
      }),
    ),
    pickup: z
      .object({
        location: z.string(),
        code: z.string().nullable(),
        expiresAt: z.string().nullable(),
        hours: z.array(z.object({ day: z.enum(weekdays), opens: z.string(), closes: z.string() })).describe('The store’s weekly opening hours (local time); empty when not given'),
      })
      .nullable(),
  })
  .meta({ id: 'PublicOrderStatus' });

const notFoundOrder = () => new AppError('not_found', 'No order matches these details');
const tokenParams = z.object({ token: z.string().min(3).max(200) });

/** The language of a public page: ?lang=, else the browser's, else the order's / shop's. */
function pageLocale(req: FastifyRequest, fallback: Locale): Locale {
  const q = (req.query as { lang?: string } | undefined)?.lang;
  const header = String(req.headers['accept-language'] ?? '').split(',')[0];
  return toLocale(q) ?? toLocale(header) ?? fallback;
}

/**
 * Public, unauthenticated endpoints: order status lookup (the same 404 for a wrong number and a wrong
 * e-mail, rate-limited per client), the status of a signed link, and the one-click unsubscribe.
 */
export const publicNotificationRoutes =
  (deps: Deps, opts: { cancelOrder: CancelOrder }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['public'];
    const allow = perMinuteLimiter(lookupsPerMinute, () => deps.clock.now());
    const secret = async () => (await loadNotificationSettings(deps.db, deps.clock.now())).linkSecret;

    app.post('/public/order-status/lookup', {
      config: { public: true },
      schema: { tags, summary: 'Find an order by its number and the e-mail or postal code it was placed with; returns a signed status token', security: [], body: lookupBody, response: { 200: z.object({ token: z.string(), order: viewSchema }), ...errorResponses } },
      handler: async (req) => {
        if (!allow(req.ip)) throw new AppError('rate_limited', 'Too many lookups from your address; try again in a minute');
        const id = await lookupOrder(deps.db, req.body);
        if (!id) throw notFoundOrder();
        return { token: linkToken(await secret(), 'status', id), order: await orderStatusView(deps.db, id) };
      },
    });

    app.get('/public/order-status/:token', {
      config: { public: true },
      schema: { tags, summary: 'The status of the order a signed link (from an e-mail or a lookup) names', security: [], params: tokenParams, response: { 200: viewSchema, ...errorResponses } },
      handler: async (req) => {
        const id = verifyLinkToken(await secret(), 'status', req.params.token);
        if (!id) throw notFoundOrder();
        return orderStatusView(deps.db, id).catch(() => {
          throw notFoundOrder();
        });
      },
    });

    app.post('/assistant/messages', {
      config: { public: true },
      schema: {
        tags,
        summary: 'Self-service assistant for one order (authorised by its signed token): where is it, delivery date, cancel (after confirmation, while cancellable), pickup; otherwise a hand-over to a person',
        security: [],
        body: z.object({
          token: z.string().min(3).max(200).describe('The signed order token from the status link'),
          message: z.string().trim().min(1, 'is required').max(1000),
          confirm: z.literal('cancel').optional().describe('Confirms a cancellation the assistant asked about'),
          language: z.enum(locales).optional(),
        }),
        response: { 200: z.object({ intent: z.enum(intents), language: z.enum(locales), action: z.enum(['answered', 'confirm_cancel', 'cancelled', 'refused', 'handover']), reply: z.string(), orderNumber: z.string() }), ...errorResponses },
      },
      handler: async (req) => {
        if (!allow(`assistant:${req.ip}`)) throw new AppError('rate_limited', 'Too many messages from your address; try again in a minute');
        return assistantMessage(deps, opts.cancelOrder, req.body);
      },
    });

    app.post('/public/unsubscribe/:token', {
      config: { public: true },
      schema: { tags, summary: 'One-click unsubscribe (RFC 8058) from optional messages; transactional order messages still go out', security: [], params: tokenParams, response: { 200: z.object({ unsubscribed: z.literal(true) }), ...errorResponses } },
      handler: async (req) => {
        const id = verifyLinkToken(await secret(), 'unsubscribe', req.params.token);
        const customer = id ? await getCustomer(deps.db, id).catch(() => null) : null;
        if (!id || !customer) throw new AppError('not_found', 'This unsubscribe link is not valid');
        const at = deps.clock.now();
        await deps.db.transaction(async (tx) => {
          await tx
            .insert(customerContactPreferences)
            .values({ customerId: id, unsubscribedAt: at, marketingConsent: false, updatedAt: at })
            .onConflictDoUpdate({ target: customerContactPreferences.customerId, set: { unsubscribedAt: at, marketingConsent: false, updatedAt: at } });
          await recordConsent(tx, { newId: deps.newId, at }, [{ customerId: id, consent: 'marketing', granted: false, source: 'unsubscribe_link', address: customer.email, detail: null }]);
        });
        return { unsubscribed: true as const };
      },
    });
  };

/** The customer's pages at /track (lookup form) and /track/{token} (status), server-rendered. */
export const statusPages =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const shopLocale = async () => brandingOf(await loadNotificationSettings(deps.db, deps.clock.now())).defaultLocale;
    const html = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    app.get('/track', { config: { public: true }, schema: { hide: true } }, async (req, reply) => reply.headers(html).send(lookupPage(pageLocale(req, await shopLocale()))));
    app.get('/track/:token', { config: { public: true }, schema: { hide: true, params: tokenParams } }, async (req, reply) => {
      const settings = await loadNotificationSettings(deps.db, deps.clock.now());
      const id = verifyLinkToken(settings.linkSecret, 'status', req.params.token);
      const view = id ? await orderStatusView(deps.db, id).catch(() => null) : null;
      const fallback = brandingOf(settings).defaultLocale;
      if (!view) return reply.code(404).headers(html).send(lookupPage(pageLocale(req, fallback)));
      return reply.headers(html).send(statusPage(view, pageLocale(req, chooseLocale({ orderLocale: view.locale, shopLocale: fallback })), `/return/${encodeURIComponent(req.params.token)}`));
    });
  };
