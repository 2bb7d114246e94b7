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
