import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { buildApp, type App } from './app.js';
import type { Config } from './platform/config.js';
import { systemClock, type Clock } from './platform/clock.js';
import { openDatabase, type Database } from './platform/db/client.js';
import { migrateDatabase } from './platform/db/migrate.js';
import { countActiveApiKeys, createApiKey } from './platform/auth/api-keys.js';
import { OutboxDispatcher, type EventHandler } from './platform/outbox/dispatcher.js';
import { eventHandlers } from './handlers.js';
import { createNatsPublisher } from './platform/outbox/nats-publisher.js';
import { createLogger } from './platform/logger.js';
import { releaseExpiredReservations } from './modules/inventory/index.js';
import { expireUnpaidOrders } from './flows/expire-unpaid-orders.js';
import { cancelOrder } from './flows/cancel-order.js';
import { ensureFirstAdmin, type FirstAdmin } from './modules/users/index.js';
import { devSandboxWebhookSecret } from './modules/payments/index.js';
import { cancelExpiredPickups } from './modules/fulfillment/index.js';
import { abandonStaleLabelOperations } from './modules/shipping/index.js';

export { DataDirLockedError } from './platform/db/lock.js';

export interface ServerOptions {
  /** Outbox consumers run by the in-process dispatcher (notifications, webhooks, projections…). */
  handlers?: EventHandler[];
  logger?: Logger;
  clock?: Clock;
  /** Where the one-time admin key box is written (default: stdout, never the log). */
  print?: (text: string) => void;
  /** Install SIGINT/SIGTERM handlers that shut down and exit (default true; tests pass false). */
  handleSignals?: boolean;
  /** Interval of the expired-reservation sweep (default 30 s). */
  reservationSweepMs?: number;
  /** Interval of the payments sweep: unpaid orders past the retry window, stuck gateway operations (default 60 s). */
  paymentSweepMs?: number;
  /** Interval of the uncollected store-pickup sweep (default 5 min). */
  pickupSweepMs?: number;
  /** Interval of the sweep of interrupted EasyPost/Shippo label operations (default 60 s). */
  labelSweepMs?: number;
}

export interface RunningServer {
  app: App;
  database: Database;
  logger: Logger;
  /** Base URL actually listened on (port 0 resolved). */
  url: string;
  port: number;
  /** The admin key created on first start, if one was (it is not stored anywhere in clear). */
  createdAdminKey: string | undefined;
  /** The console admin created on first start (with the generated password, if Ordo chose it). */
  createdAdmin: FirstAdmin | undefined;
  /** Stops accepting, drains requests, stops background work, closes the database, releases the lock. */
  close(): Promise<void>;
}

/**
 * Boxed so it stands out in a scrolling terminal; printed to stdout, never logged. Holds the first
 * admin API key and/or the generated password of the first console admin.
 */
export function adminKeyBox(key: string | undefined, admin?: { email: string; password: string }): string {
  const lines: string[] = [];
  if (key) {
    lines.push('An admin API key was created for this new database:', '', `  ${key}`, '');
  }
  if (admin) {
    if (lines.length) lines.push('');
    lines.push('A console admin was created; sign in at the web console with:', '', `  email:    ${admin.email}`, `  password: ${admin.password}`, '');
  }
  lines.push('Store it now (e.g. in a password manager): it will not be shown again.');
  if (key) lines.push('Use the key as:  Authorization: Bearer <key>', 'More keys:  npm run ordo -- api-key create --name <name> --role <role>');
  if (admin) lines.push('Change the password after signing in; add users in the console (Users).');
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const bar = '═'.repeat(width);
  return ['', `╔${bar}╗`, ...lines.map((l) => `║ ${l.padEnd(width - 1)}║`), `╚${bar}╝`, ''].join('\n');
}

/** Calls `sweep` every `everyMs`, never two at once; returns the stop function. */
function periodic(name: string, everyMs: number, log: Logger, sweep: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweep()
      .then((r) => log.debug({ job: name, result: r }, 'job done'))
      .catch((err: unknown) => log.error({ err, job: name }, 'job failed'))
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * Runs Ordo: database (embedded PGlite with its folder lock, or PostgreSQL), migrations, HTTP API,
 * outbox dispatcher and background jobs. Throws DataDirLockedError if another process owns the
 * embedded data folder; the caller decides how to report it.
 */
export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const clock = opts.clock ?? systemClock;
  const print = opts.print ?? ((text: string) => process.stdout.write(`${text}\n`));

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  let app: App | undefined;
  const stops: Array<() => Promise<void>> = [];
  try {
    logger.info({ database: database.kind, ...(database.kind === 'embedded' ? { dataDir: config.dataDir } : {}) }, 'migrating database');
    await migrateDatabase(database);

    app = await buildApp({
      database,
      clock,
      logger,
      devApiKey: config.devApiKey,
      rateLimitPerMinute: config.rateLimitPerMinute,
      sourcing: config.sourcing,
      payments: {
        retryMinutes: config.payments.retryMinutes,
        captureAtPlacementChannels: config.payments.captureAtPlacementChannels,
        sandboxWebhookSecret: config.payments.sandboxWebhookSecret ?? devSandboxWebhookSecret,
        stripe: config.payments.stripe,
      },
      pickupExpiryDays: config.pickupExpiryDays,
      shippingWebhooks: config.shippingWebhooks,
      carrierApis: config.carrierApis,
    });
    const deps = app.deps;

    let createdAdminKey: string | undefined;
    let keyInfo: { id: string; prefix: string } | undefined;
    if (!config.devApiKey && (await countActiveApiKeys(deps.db)) === 0) {
      const created = await createApiKey(deps.db, deps, { name: 'first-start admin', role: 'admin' });
      createdAdminKey = created.key;
      keyInfo = { id: created.id, prefix: created.prefix };
    }
    // ORDO_ADMIN_EMAIL + ORDO_ADMIN_PASSWORD name the first console admin; otherwise Ordo picks a password.
    const createdAdmin = await ensureFirstAdmin(deps, { email: config.adminEmail, password: config.adminPassword });
    const shownPassword = createdAdmin?.generatedPassword ? { email: createdAdmin.email, password: createdAdmin.generatedPassword } : undefined;
    if (createdAdminKey || shownPassword) print(adminKeyBox(createdAdminKey, shownPassword));
    if (keyInfo) logger.info(keyInfo, 'created the first admin API key');
    if (createdAdmin) {
      logger.info({ userId: createdAdmin.id, email: createdAdmin.email, from: shownPassword ? 'generated' : 'ORDO_ADMIN_EMAIL' }, 'created the first console admin');
    } else if (config.adminEmail) {
      logger.info('ORDO_ADMIN_EMAIL is set but console users already exist; ignored');
    }

    const handlers = [...eventHandlers(deps), ...(opts.handlers ?? [])];
    if (config.natsUrl) {
      // Scaled out: every event also goes to NATS JetStream (stream ORDO_EVENTS, subjects ordo.events.<type>).
      const nats = await createNatsPublisher({ url: config.natsUrl });
      stops.push(() => nats.close());
      handlers.push(nats.handler);
      logger.info({ natsUrl: config.natsUrl }, 'publishing events to NATS JetStream');
    }
    const dispatcher = new OutboxDispatcher(deps.db, handlers, { clock, log: logger, pollMs: config.outboxPollMs, concurrency: config.outboxConcurrency });
    dispatcher.start();
    stops.push(() => dispatcher.stop());

    // Soft reservations (carts, holds) carry an expiry; this returns expired ones to available stock.
    stops.push(
      periodic('release-expired-reservations', opts.reservationSweepMs ?? 30_000, logger, () => releaseExpiredReservations(deps.db, deps)),
    );

    // Orders whose payment failed and was not retried in time are cancelled (reservations released).
    stops.push(periodic('expire-unpaid-orders', opts.paymentSweepMs ?? 60_000, logger, () => expireUnpaidOrders(deps)));
    // Store pickups not collected within ORDO_PICKUP_EXPIRY_DAYS are cancelled (stock back, lines cancelled).
    stops.push(periodic('cancel-expired-pickups', opts.pickupSweepMs ?? 300_000, logger, () => cancelExpiredPickups(deps.db, { ...deps, cancelOrder })));
    // Aggregator label purchases/voids cut off by a crash: bought labels refunded, the fulfillment order freed.
    stops.push(periodic('abandon-stale-label-operations', opts.labelSweepMs ?? 60_000, logger, () => abandonStaleLabelOperations(deps)));

    await app.http.listen({ host: config.host, port: config.port });
    const port = (app.http.server.address() as AddressInfo).port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
    logger.info({ console: `${url}/`, api: `${url}/api/v1`, docs: `${url}/docs`, openapi: `${url}/api/v1/openapi.json` }, `Ordo is listening on ${url}`);

    const running = app;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        logger.info('shutting down');
        await running.http.close(); // stop accepting, let in-flight requests finish
        for (const stop of stops.reverse()) await stop();
        await database.close(); // releases the data folder lock
        logger.info('stopped');
      })());

    if (opts.handleSignals !== false) {
      const onSignal = (signal: NodeJS.Signals) => {
        if (closing) {
          logger.warn({ signal }, 'second signal: exiting now');
          process.exit(1);
        }
        logger.info({ signal }, 'signal received');
        close().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }

    return { app, database, logger, url, port, createdAdminKey, createdAdmin, close };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await app?.http.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
}
