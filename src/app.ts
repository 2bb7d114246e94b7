import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Database } from './platform/db/client.js';
import type { Clock } from './platform/clock.js';
import type { IdGenerator } from './platform/ids.js';
import type { Deps, SourcingEnv } from './platform/context.js';
import { ApiKeyResolver } from './platform/auth/api-keys.js';
import { authPlugin } from './platform/http/auth-plugin.js';
import { registerErrorHandling } from './platform/http/error-handler.js';
import { staticConsole } from './platform/http/static-console.js';
import { createMetrics, registerMetrics, registerOutboxGauges, type Metrics } from './platform/metrics.js';
import { uuidv7 } from './platform/ids.js';
import { apiRoutes } from './routes.js';
import { eventCatalog } from './events.js';
import { asyncApiDocument } from './platform/events/asyncapi.js';
import { defaultWebhookSettings, type WebhookSettings } from './modules/webhooks/index.js';
import { authRoutes, DbSessionResolver } from './modules/users/index.js';
import { createPaymentGateways, defaultPaymentSettings, paymentWebhookRoutes, type PaymentSettings } from './modules/payments/index.js';
import { registerCardDataGuard } from './platform/http/card-data-guard.js';
import { containsCardNumber } from './domain/payments/card-number.js';
import { jsonShapeProblem, urlHasNul } from './platform/http/json-guard.js';
import { AppError, toProblem } from './platform/errors.js';
import { channelWebhookRoutes, secretBox } from './modules/channels/index.js';
import { inboundEmailRoutes } from './modules/support/index.js';
import { ingestChannelOrder } from './flows/ingest-channel-order.js';
import { randomBytes } from 'node:crypto';
import { inboundSmsRoutes, statusPages } from './modules/notifications/index.js';
import { returnPortalPages } from './flows/return-portal.routes.js';
import { applyReturnTracking } from './flows/return-tracking.js';
import { defaultTimeouts, type ServerTimeouts } from './platform/config.js';
import { createCarrierApis, shippingWebhookRoutes, type CarrierApiSettings, type ShippingWebhookSettings } from './modules/shipping/index.js';

export interface AppOptions {
  database: Database;
  clock: Clock;
  newId?: IdGenerator;
  logger?: Logger | false;
  devApiKey?: string | undefined;
  rateLimitPerMinute?: number;
  /** Request body limit in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Folder of the built web console (default `dist/web` in the repository). */
  consoleDir?: string;
  /** ORDO_SOURCING_AT / ORDO_SOURCING_CURRENCY (default placement, EUR). */
  sourcing?: SourcingEnv;
  /** Payment gateways and rules (default: sandbox only, dev webhook secret, capture on shipment). */
  payments?: PaymentSettings;
  /** Days a ready store pickup waits before it is cancelled (ORDO_PICKUP_EXPIRY_DAYS, default 7). */
  pickupExpiryDays?: number;
  /** EASYPOST_WEBHOOK_SECRET / SHIPPO_WEBHOOK_TOKEN for carrier tracking webhooks (unset = refused). */
  shippingWebhooks?: ShippingWebhookSettings;
  /** EASYPOST_API_KEY / SHIPPO_API_KEY (+ API bases): label purchase through the aggregators (unset = not offered). */
  carrierApis?: CarrierApiSettings;
  /** 32-byte key for channel credentials (ORDO_SECRET_KEY or the key file; default: a random key for this process). */
  channelSecretKey?: Buffer;
  /** ORDO_PUBLIC_URL: base of the links in customer messages (default http://127.0.0.1:3000). */
  publicUrl?: string;
  /** HTTP request, header, keep-alive and idle-connection timeouts (default: defaultTimeouts). */
  timeouts?: Omit<ServerTimeouts, 'shutdownMs'>;
  /** ORDO_WEBHOOKS_*: private targets allowed?, connect/response timeouts (default: refused, 5 s, 15 s). */
  webhooks?: WebhookSettings;
  /** ORDO_TIME_ZONE: the shop's time zone for reports (default UTC). */
  timeZone?: string;
  /** TWILIO_AUTH_TOKEN: verifies inbound SMS webhooks (X-Twilio-Signature); unset = they are refused. */
  twilioAuthToken?: string | undefined;
}

export interface App {
  http: FastifyInstance;
  deps: Deps;
  metrics: Metrics;
  apiKeys: ApiKeyResolver;
}

const unlimitedPaths = /^\/(healthz|readyz|metrics)(\?|\/?$)|^\/api\/v1\/(payments|shipping)\/webhooks\//;
/** Requests the client rate limit never counts or refuses. */
export const notRateLimited = (url: string): boolean => unlimitedPaths.test(url);

/** The use cases' dependencies (also built by a worker process without HTTP, src/worker.ts). */
export function createDeps(opts: Pick<AppOptions, 'database' | 'clock' | 'newId' | 'sourcing' | 'payments' | 'carrierApis' | 'channelSecretKey' | 'publicUrl' | 'timeZone'>): Deps {
  return {
    db: opts.database.db,
    clock: opts.clock,
    newId: opts.newId ?? (() => uuidv7(opts.clock.now().getTime())),
    sourcing: opts.sourcing ?? { at: 'placement', currency: 'EUR' },
    payments: createPaymentGateways(opts.payments ?? defaultPaymentSettings, opts.clock),
    carrierApis: createCarrierApis(opts.carrierApis ?? {}),
    channelSecrets: secretBox(opts.channelSecretKey ?? randomBytes(32)),
    publicUrl: opts.publicUrl ?? 'http://127.0.0.1:3000',
    timeZone: opts.timeZone ?? 'UTC',
  };
}

/** The composition root: every dependency is built or passed in here, nothing is global. */
export async function buildApp(opts: AppOptions): Promise<App> {
  const deps = createDeps(opts);
  const newId = deps.newId;
  const timeouts = opts.timeouts ?? defaultTimeouts;
  const http = Fastify({
    loggerInstance: (opts.logger || undefined) as FastifyBaseLogger | undefined,
    logger: opts.logger === undefined ? false : undefined,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    // Slow or idle clients cannot hold connections for ever: the whole request must arrive within
    // requestMs (then 408), headers within headersMs; idle keep-alive and silent sockets are closed.
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: timeouts.connectionMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs) },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      // A card number is never taken as the request id (it would be logged, stored and echoed).
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) && !containsCardNumber(given) ? given : newId();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    // Errors of the router itself (a malformed %-escape, a path parameter over 300 characters) are
    // problem+json like every other refusal.
    frameworkErrors: (err, req, reply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const problem = new AppError('validation_failed', tooLong ? 'A path parameter is longer than 300 characters' : 'The URL is malformed', { errors: [{ path: 'path', message: tooLong ? 'is too long' : 'is not a valid URL path' }] });
      void (reply as unknown as FastifyReply).code(400).type('application/problem+json').send(toProblem(problem, req.url.split('?')[0], req.id));
    },
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();
  // JSON only: a text/plain body is refused with 415 instead of reaching validation as a string.
  http.removeContentTypeParser('text/plain');
  // A bodiless POST sent with Content-Type: application/json (what many HTTP clients do) has no body,
  // instead of being refused as invalid JSON. Anything else goes through Fastify's own JSON parser.
  const parseJson = http.getDefaultJsonParser('error', 'error');
  http.removeContentTypeParser('application/json');
  http.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (String(body).trim() === '') return done(null, undefined);
    // Nesting deeper than 64 levels and NUL characters are refused (400) before parsing.
    const problem = jsonShapeProblem(body as string);
    if (problem) return done(new AppError('validation_failed', `The body ${problem.message}`, { errors: [problem] }), undefined);
    parseJson(req, body as string, done);
  });
  // An encoded NUL (%00) in the path or query is refused before routing: PostgreSQL cannot store it.
  http.addHook('onRequest', async (req) => {
    if (urlHasNul(req.url)) throw new AppError('validation_failed', 'The URL contains a NUL character (%00), which is not accepted', { errors: [{ path: req.url.includes('?') && req.url.indexOf('%00') > req.url.indexOf('?') ? 'query' : 'path', message: 'contains a NUL character' }] });
  });
  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);
  http.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  registerErrorHandling(http);
  registerCardDataGuard(http);

  await http.register(helmet, { contentSecurityPolicy: false, global: true });
  await http.register(cors, { origin: false });
  if (opts.rateLimitPerMinute) {
    // Health, readiness, metrics and inbound webhooks (gateways, carriers) are not client traffic:
    // probes and providers must always get through.
    await http.register(rateLimit, { max: opts.rateLimitPerMinute, timeWindow: '1 minute', allowList: (req) => notRateLimited(req.url) });
  }
  await http.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ordo API',
        version: '1.0.0',
        description: 'Order management: orders, inventory, catalog, locations, customers. Money is integer minor units.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Ordo API key' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // The interactive docs are public like the spec itself: mark every route the UI plugin adds.
  await http.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), public: true };
    });
    await docs.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });
  });

  const metrics = createMetrics();
  const apiKeys = new ApiKeyResolver(deps.db, { devApiKey: opts.devApiKey, clock: opts.clock });
  const sessions = new DbSessionResolver(deps.db, opts.clock);
  await http.register(cookie);
  await http.register(authPlugin, { resolver: apiKeys, sessions });
  registerMetrics(http, metrics);
  registerOutboxGauges(metrics, deps.db, opts.clock);

  http.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  http.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await opts.database.ping();
      return { status: 'ready', database: opts.database.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: opts.database.kind });
    }
  });
  http.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => http.swagger());
  // The event contract (NATS, outbound webhooks) as AsyncAPI 3.0, generated from the event catalog (docs/events.md).
  let asyncApi: unknown;
  http.get('/api/v1/asyncapi.json', { config: { public: true }, schema: { hide: true } }, async () => (asyncApi ??= asyncApiDocument(eventCatalog)));

  await http.register(apiRoutes(deps, { apiKeys, pickupExpiryDays: opts.pickupExpiryDays, webhooks: opts.webhooks ?? defaultWebhookSettings }), { prefix: '/api/v1' });
  // Console sign-in/out and session: cookie-based, outside the API-key OpenAPI document.
  await http.register(authRoutes(deps, sessions), { prefix: '/api/v1' });
  // Gateway webhooks: public and signature-verified, outside the API-key OpenAPI document (docs/payments.md).
  await http.register(paymentWebhookRoutes(deps), { prefix: '/api/v1' });
  // Carrier tracking webhooks: public, verified per provider (docs/shipping.md).
  await http.register(shippingWebhookRoutes(deps, { ...opts.shippingWebhooks, otherParcels: applyReturnTracking }), { prefix: '/api/v1' });
  // Sales channel webhooks (Shopify, WooCommerce, BigCommerce): public, signature-verified (docs/channels.md).
  await http.register(channelWebhookRoutes(deps, { ingest: ingestChannelOrder }), { prefix: '/api/v1' });
  // Inbound customer e-mail (Postmark, Mailgun): public, authenticated by the inbound secret (docs/support.md).
  await http.register(inboundEmailRoutes(deps), { prefix: '/api/v1' });
  await http.register(inboundSmsRoutes(deps, { authToken: opts.twilioAuthToken }), { prefix: '/api/v1' });
  // The customer's order status pages (/track): public, server-rendered (docs/notifications.md).
  await http.register(statusPages(deps));
  // The customer returns portal (/return): public, server-rendered (docs/returns.md).
  await http.register(returnPortalPages(deps));
  await http.register(staticConsole, { ...(opts.consoleDir ? { dir: opts.consoleDir } : {}) });
  await http.ready();
  return { http, deps, metrics, apiKeys };
}
