import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config.js';
import { scrubCardNumbers } from '../domain/payments/card-number.js';

/**
 * Paths never written to logs. Secrets arrive in headers (API keys) and in bodies (console
 * passwords, payment details); pino's redaction censors them before serialisation.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  '*.password',
  '*.adminPassword',
  '*.cardNumber',
  '*.card.number',
  '*.cvc',
  '*.cvv',
  '*.secret',
  '*.apiKey',
  '*.key',
  // Sales channel connector credentials (src/modules/channels) and the platforms' auth headers.
  '*.credentials',
  '*.accessToken',
  '*.refreshToken',
  '*.consumerSecret',
  '*.webhookSecret',
  // Mailgun's signing key for inbound e-mail (PUT /support/inbound-email/mailgun-signing-key).
  '*.signingKey',
  '*.webhookToken',
  '*.lwaClientSecret',
  'req.headers["x-shopify-access-token"]',
  'req.headers["x-auth-token"]',
  'req.headers["x-amz-access-token"]',
  'req.headers["x-ordo-webhook-token"]',
];

/**
 * Query parameters that carry secrets in URLs (Shippo's webhook `?token=`, API keys some clients
 * put in links). Request log lines include the URL, so their values are replaced in every line.
 */
const urlSecretParam = /([?&](?:token|access_token|api_key|apikey|key|secret|client_secret|password|signature)=)[^&"\s#]+/gi;
export const scrubUrlSecrets = (line: string): string => line.replace(urlSecretParam, '$1[redacted]');

/** A request as logged: the path without its query string (queries may carry secrets or card data). */
function serializeRequest(req: { method?: string; url?: string; host?: string; ip?: string; headers?: Record<string, unknown>; socket?: { remoteAddress?: string } }) {
  return { method: req.method, url: (req.url ?? '').split('?')[0], host: req.host ?? req.headers?.host, remoteAddress: req.ip ?? req.socket?.remoteAddress };
}

type DbErrorLike = Error & { query?: string; params?: unknown[]; code?: string; severity?: string; cause?: unknown; [k: string]: unknown };
const isPgError = (e: unknown): e is DbErrorLike => e instanceof Error && typeof (e as DbErrorLike).code === 'string' && /^[0-9A-Z]{5}$/.test((e as DbErrorLike).code!) && 'severity' in e;
/** Drizzle's wrapper of a failed query (its message and `params` carry the parameters). */
export const isQueryError = (e: unknown): e is DbErrorLike => e instanceof Error && (e.constructor.name === 'DrizzleQueryError' || (typeof (e as DbErrorLike).query === 'string' && Array.isArray((e as DbErrorLike).params)));
/** Values PostgreSQL quotes at the end of a message (`invalid input syntax for type uuid: "…"`) are not logged. */
const withoutValue = (message: string) => message.replace(/: ".*"$/s, ': "…"');
/** The stack frames without the message line(s), which for a failed query carry the parameters. */
const framesOnly = (stack: string | undefined) => {
  const at = stack?.indexOf('\n    at ') ?? -1;
  return at >= 0 ? stack!.slice(at + 1) : undefined;
};

/**
 * Database errors are logged without their parameters or the values PostgreSQL echoes (`detail`,
 * quoted values): a failed query may have carried a password hash, a key hash or personal data.
 * The SQL text (placeholders only), the SQLSTATE and the constraint/table/column are kept.
 */
export function serializeError(err: unknown): unknown {
  const db = isQueryError(err) ? err : undefined;
  const pg = isPgError(err) ? err : db && isPgError(db.cause) ? db.cause : undefined;
  if (!db && !pg) return pino.stdSerializers.err(err as Error);
  return {
    type: (db ?? pg)!.constructor.name,
    message: db ? 'Failed query (parameters not logged)' : withoutValue(pg!.message),
    ...(db?.query ? { query: db.query } : {}),
    ...(pg
      ? { code: pg.code, db: { severity: pg.severity, message: withoutValue(pg.message), constraint: pg['constraint'], table: pg['table'], column: pg['column'], routine: pg['routine'] } }
      : { cause: db?.cause instanceof Error ? withoutValue(db.cause.message) : undefined }),
    stack: framesOnly((db ?? pg)!.stack),
  };
}

export interface LoggerSetup {
  level?: Config['logLevel'];
  /** Force pretty (true) or JSON (false); default: pretty when stdout is a TTY and pino-pretty is installed. */
  pretty?: boolean | undefined;
  /** Write here instead of stdout (tests). */
  destination?: DestinationStream;
}

/** pino-pretty is a devDependency: a production install (`npm ci --omit=dev`) has JSON logs only. */
function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export function createLogger(setup: LoggerSetup = {}): Logger {
  const options: LoggerOptions = {
    level: setup.level ?? 'info',
    base: { service: 'ordo' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { req: serializeRequest, err: serializeError },
    // Path redaction cannot catch a card number typed into a free-text field, a URL or an error
    // message: every serialised line is scrubbed of card-number-like sequences before it is written,
    // and of secret query parameters (`?token=…`) in logged URLs.
    hooks: { streamWrite: (line) => scrubUrlSecrets(scrubCardNumbers(line)) },
  };
  if (setup.destination) return pino(options, setup.destination);
  const wantPretty = setup.pretty ?? Boolean(process.stdout.isTTY);
  if (wantPretty && prettyAvailable()) {
    try {
      return pino({
        ...options,
        transport: {
          target: 'pino-pretty',
          options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' },
        },
      });
    } catch {
      /* transport failed to start (e.g. worker threads unavailable): fall back to JSON */
    }
  }
  return pino(options);
}
