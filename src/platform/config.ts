import { z } from 'zod';
import { isCurrency } from '../domain/currency.js';
import { isTimeZone } from '../domain/local-time.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  ORDO_DATA_DIR: z.string().min(1).default('./.ordo/data'),
  ORDO_DEV_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  ORDO_ADMIN_EMAIL: z.email().optional(),
  ORDO_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  NATS_URL: z.string().regex(/^nats:\/\//, 'must be a nats:// URL').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ORDO_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  ORDO_WORKER_DB_POOL_SIZE: z.coerce.number().int().min(0).max(200).default(6),
  ORDO_OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  ORDO_OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(32).optional(),
  ORDO_WORKER: bool.default(true),
  ORDO_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  ORDO_OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  ORDO_OUTBOX_VACUUM_DEAD_ROWS: z.coerce.number().int().min(100).max(1_000_000_000).default(10_000),
  ORDO_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(0),
  ORDO_PRETTY_LOGS: bool.optional(),
  ORDO_SOURCING_AT: z.enum(['placement', 'authorization']).default('placement'),
  ORDO_SOURCING_CURRENCY: z.string().refine(isCurrency, 'must be an ISO 4217 currency code such as EUR').default('EUR'),
  ORDO_PAYMENT_RETRY_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
  ORDO_CAPTURE_AT_PLACEMENT_CHANNELS: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*(\s*,\s*[a-z0-9][a-z0-9_-]*)*$/, 'must be a comma-separated list of channel names, e.g. pos,phone')
    .optional(),
  ORDO_SANDBOX_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret key (sk_test_… / sk_live_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, 'must be a Stripe webhook signing secret (whsec_…)').optional(),
  STRIPE_API_BASE: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:12111' }).optional(),
  ORDO_PICKUP_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  EASYPOST_WEBHOOK_SECRET: z.string().min(8, 'must be at least 8 characters').optional(),
  EASYPOST_API_KEY: z.string().regex(/^\w{8,200}$/, 'must be an EasyPost API key (EZAK…/EZTK…)').optional(),
  EASYPOST_API_BASE: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.easypost.com' }).default('https://api.easypost.com'),
  SHIPPO_API_KEY: z.string().regex(/^shippo_(test|live)_\w+$/, 'must be a Shippo API token (shippo_test_… / shippo_live_…)').optional(),
  SHIPPO_API_BASE: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.goshippo.com' }).default('https://api.goshippo.com'),
  ORDO_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587').optional(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID (AC + 32 hex digits)').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TWILIO_FROM: z.string().regex(/^(\+[1-9]\d{7,14}|MG[0-9a-fA-F]{32})$/, 'must be an E.164 sender number or a Messaging Service SID (MG…)').optional(),
  TWILIO_API_BASE: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.twilio.com' }).default('https://api.twilio.com'),
  ORDO_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be the http(s) base URL customers reach Ordo at, e.g. https://shop.example.com' }).optional(),
  ORDO_TIME_ZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London').default('UTC'),
  SHIPPO_WEBHOOK_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{16,200}$/, 'must be 16 to 200 URL-safe characters (letters, digits, - or _)').optional(),
  ORDO_SECRET_KEY: z.string().regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32)').optional(),
  ORDO_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  ORDO_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  ORDO_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  ORDO_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  ORDO_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  ORDO_WEBHOOKS_ALLOW_PRIVATE: bool.default(false),
  ORDO_WEBHOOKS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  ORDO_WEBHOOKS_RESPONSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  ORDO_WEBHOOKS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  devApiKey: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  natsUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  dbPoolSize: number;
  /** ORDO_WORKER_DB_POOL_SIZE: the worker role's own connections in `ordo serve` on PostgreSQL (0 = share the request pool). */
  workerDbPoolSize: number;
  outboxPollMs: number;
  /** Aggregates whose events are delivered side by side (default 4 on PostgreSQL, 1 embedded). */
  outboxConcurrency: number;
  /** Whether `ordo serve` also runs the event handlers and periodic jobs (ORDO_WORKER, default true). */
  worker: boolean;
  /** Delivery attempts before an event becomes a dead letter. */
  outboxMaxAttempts: number;
  /** Days delivered outbox events and processed-event rows are kept. */
  outboxRetentionDays: number;
  /** Dead rows in the outbox or processed_events above which the `vacuum-queue-tables` job vacuums it (PostgreSQL). */
  outboxVacuumDeadRows: number;
  rateLimitPerMinute: number;
  sourcing: { at: 'placement' | 'authorization'; currency: string };
  payments: {
    retryMinutes: number;
    captureAtPlacementChannels: string[];
    sandboxWebhookSecret: string | undefined;
    stripe: { secretKey: string; webhookSecret: string; apiBase: string | undefined } | undefined;
  };
  pickupExpiryDays: number;
  /** ORDO_TIME_ZONE: the shop's time zone; report days, weeks and months are local to it (default UTC). */
  timeZone: string;
  shippingWebhooks: { easypostSecret: string | undefined; shippoToken: string | undefined };
  /** Label purchase through the aggregators; a provider without a key is not configured. */
  carrierApis: { easypost: { apiKey: string; apiBase: string } | undefined; shippo: { apiKey: string; apiBase: string } | undefined };
  /** ORDO_SECRET_KEY: encrypts channel credentials; unset = a key file next to the data folder. */
  secretKey: string | undefined;
  /** Customer e-mail: SMTP URL (unset = .eml files under <dataDir>/mail) and the base URL of links in messages. */
  notifications: {
    smtpUrl: string | undefined;
    publicUrl: string | undefined;
    /** SMS through Twilio's API (or a compatible one); unset = SMS written as files under <dataDir>/sms. */
    twilio: { accountSid: string; authToken: string; from: string; apiBase: string } | undefined;
  };
  /** HTTP timeouts and the shutdown deadline (docs/operations.md). */
  timeouts: ServerTimeouts;
  /** Outbound webhooks: ORDO_WEBHOOKS_ALLOW_PRIVATE (default false), timeouts, sender poll interval. */
  webhooks: { allowPrivate: boolean; connectTimeoutMs: number; responseTimeoutMs: number; pollMs: number };
};

export interface ServerTimeouts {
  /** Whole request (headers and body) must arrive within this, else 408 and the connection closes. */
  requestMs: number;
  /** Request headers must arrive within this. */
  headersMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** A socket with no activity at all is closed after this. */
  connectionMs: number;
  /** On SIGTERM, in-flight requests get this long; then remaining connections are closed. */
  shutdownMs: number;
}

export const defaultTimeouts: ServerTimeouts = { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 5_000, connectionMs: 60_000, shutdownMs: 10_000 };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads configuration from environment variables; throws a ConfigError naming every bad variable.
 * Empty strings count as unset so `FOO= ordo serve` behaves like no FOO.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.ORDO_ADMIN_EMAIL === undefined) !== (e.ORDO_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  ORDO_ADMIN_EMAIL and ORDO_ADMIN_PASSWORD must be set together');
  }
  if (new Set([e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM].map((v) => v === undefined)).size > 1) {
    throw new ConfigError('Invalid configuration:\n  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM must be set together');
  }
  if ((e.STRIPE_SECRET_KEY === undefined) !== (e.STRIPE_WEBHOOK_SECRET === undefined)) {
    throw new ConfigError('Invalid configuration:\n  STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.ORDO_DATA_DIR,
    devApiKey: e.ORDO_DEV_API_KEY,
    adminEmail: e.ORDO_ADMIN_EMAIL,
    adminPassword: e.ORDO_ADMIN_PASSWORD,
    natsUrl: e.NATS_URL,
    logLevel: e.LOG_LEVEL,
    dbPoolSize: e.ORDO_DB_POOL_SIZE,
    workerDbPoolSize: e.ORDO_WORKER_DB_POOL_SIZE,
    outboxPollMs: e.ORDO_OUTBOX_POLL_MS,
    outboxConcurrency: e.ORDO_OUTBOX_CONCURRENCY ?? (e.DATABASE_URL ? 4 : 1),
    worker: e.ORDO_WORKER,
    outboxMaxAttempts: e.ORDO_OUTBOX_MAX_ATTEMPTS,
    outboxRetentionDays: e.ORDO_OUTBOX_RETENTION_DAYS,
    outboxVacuumDeadRows: e.ORDO_OUTBOX_VACUUM_DEAD_ROWS,
    rateLimitPerMinute: e.ORDO_RATE_LIMIT_PER_MINUTE,
    sourcing: { at: e.ORDO_SOURCING_AT, currency: e.ORDO_SOURCING_CURRENCY },
    payments: {
      retryMinutes: e.ORDO_PAYMENT_RETRY_MINUTES,
      captureAtPlacementChannels: (e.ORDO_CAPTURE_AT_PLACEMENT_CHANNELS ?? '').split(',').map((c) => c.trim()).filter(Boolean),
      sandboxWebhookSecret: e.ORDO_SANDBOX_WEBHOOK_SECRET,
      stripe: e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiBase: e.STRIPE_API_BASE } : undefined,
    },
    pickupExpiryDays: e.ORDO_PICKUP_EXPIRY_DAYS,
    timeZone: e.ORDO_TIME_ZONE,
    shippingWebhooks: { easypostSecret: e.EASYPOST_WEBHOOK_SECRET, shippoToken: e.SHIPPO_WEBHOOK_TOKEN },
    carrierApis: {
      easypost: e.EASYPOST_API_KEY ? { apiKey: e.EASYPOST_API_KEY, apiBase: e.EASYPOST_API_BASE } : undefined,
      shippo: e.SHIPPO_API_KEY ? { apiKey: e.SHIPPO_API_KEY, apiBase: e.SHIPPO_API_BASE } : undefined,
    },
    secretKey: e.ORDO_SECRET_KEY,
    notifications: {
      smtpUrl: e.ORDO_SMTP_URL,
      publicUrl: e.ORDO_PUBLIC_URL,
      twilio: e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, from: e.TWILIO_FROM, apiBase: e.TWILIO_API_BASE } : undefined,
    },
    timeouts: {
      requestMs: e.ORDO_REQUEST_TIMEOUT_MS,
      headersMs: Math.min(e.ORDO_HEADERS_TIMEOUT_MS, e.ORDO_REQUEST_TIMEOUT_MS),
      keepAliveMs: e.ORDO_KEEP_ALIVE_TIMEOUT_MS,
      connectionMs: e.ORDO_CONNECTION_TIMEOUT_MS,
      shutdownMs: e.ORDO_SHUTDOWN_TIMEOUT_MS,
    },
    webhooks: {
      allowPrivate: e.ORDO_WEBHOOKS_ALLOW_PRIVATE,
      connectTimeoutMs: e.ORDO_WEBHOOKS_CONNECT_TIMEOUT_MS,
      responseTimeoutMs: e.ORDO_WEBHOOKS_RESPONSE_TIMEOUT_MS,
      pollMs: e.ORDO_WEBHOOKS_POLL_MS,
    },
  };
}
