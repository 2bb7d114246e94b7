import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
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
import { createMetrics, registerMetrics, type Metrics } from './platform/metrics.js';
import { uuidv7 } from './platform/ids.js';
import { apiRoutes } from './routes.js';
import { authRoutes, DbSessionResolver } from './modules/users/index.js';
import { createPaymentGateways, defaultPaymentSettings, paymentWebhookRoutes, type PaymentSettings } from './modules/payments/index.js';
import { registerCardDataGuard } from './platform/http/card-data-guard.js';
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
  /** ORDO_TIME_ZONE: the shop's time zone for reports (default UTC). */
  timeZone?: string;
}

export interface App {
  http: FastifyInstance;
  deps: Deps;
  metrics: Metrics;
  apiKeys: ApiKeyResolver;
}

/** The composition root: every dependency is built or passed in here, nothing is global. */
export async function buildApp(opts: AppOptions): Promise<App> {
  const newId = opts.newId ?? (() => uuidv7(opts.clock.now().getTime()));
  const deps: Deps = {
    db: opts.database.db,
    clock: opts.clock,
    newId,
    sourcing: opts.sourcing ?? { at: 'placement', currency: 'EUR' },
    payments: createPaymentGateways(opts.payments ?? defaultPaymentSettings, opts.clock),
    carrierApis: createCarrierApis(opts.carrierApis ?? {}),
    timeZone: opts.timeZone ?? 'UTC',
  };
  const http = Fastify({
    loggerInstance: (opts.logger || undefined) as FastifyBaseLogger | undefined,
    logger: opts.logger === undefined ? false : undefined,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : newId();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();
  // JSON only: a text/plain body is refused with 415 instead of reaching validation as a string.
  http.removeContentTypeParser('text/plain');
  // A bodiless POST sent with Content-Type: application/json (what many HTTP clients do) has no body,
  // instead of being refused as invalid JSON. Anything else goes through Fastify's own JSON parser.
  const parseJson = http.getDefaultJsonParser('error', 'error');
  http.removeContentTypeParser('application/json');
  http.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => (String(body).trim() === '' ? done(null, undefined) : parseJson(req, body as string, done)));
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
    await http.register(rateLimit, { max: opts.rateLimitPerMinute, timeWindow: '1 minute' });
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

  await http.register(apiRoutes(deps, { apiKeys, pickupExpiryDays: opts.pickupExpiryDays }), { prefix: '/api/v1' });
  // Console sign-in/out and session: cookie-based, outside the API-key OpenAPI document.
  await http.register(authRoutes(deps, sessions), { prefix: '/api/v1' });
  // Gateway webhooks: public and signature-verified, outside the API-key OpenAPI document (docs/payments.md).
  await http.register(paymentWebhookRoutes(deps), { prefix: '/api/v1' });
  // Carrier tracking webhooks: public, verified per provider (docs/shipping.md).
  await http.register(shippingWebhookRoutes(deps, opts.shippingWebhooks ?? {}), { prefix: '/api/v1' });
  await http.register(staticConsole, { ...(opts.consoleDir ? { dir: opts.consoleDir } : {}) });
  await http.ready();
  return { http, deps, metrics, apiKeys };
}
