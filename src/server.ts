import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { buildApp, type App } from './app.js';
import type { Config } from './platform/config.js';
import { systemClock, type Clock } from './platform/clock.js';
import { openDatabase, type Database } from './platform/db/client.js';
import { migrateDatabase } from './platform/db/migrate.js';
import { countActiveApiKeys, createApiKey } from './platform/auth/api-keys.js';
import type { EventHandler } from './platform/outbox/dispatcher.js';
import { createLogger } from './platform/logger.js';
import { exitOnSignals } from './platform/shutdown.js';
import { ensureFirstAdmin, type FirstAdmin } from './modules/users/index.js';
import { depsOptionsFromConfig, startBackgroundWork } from './worker.js';
import { loadOrCreateSecretKey } from './modules/channels/index.js';
import { installationSecret } from './platform/installation-secrets.js';

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
  /** Interval of the customer message sender (default 2 s). */
  mailSendMs?: number;
  /**
   * Run the worker role here: event handlers and periodic jobs (default: ORDO_WORKER, true).
   * `ordo serve --no-worker` leaves them to `ordo worker` processes.
   */
  worker?: boolean;
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
      // Never a public default sandbox secret: unset, each installation gets its own random one (docs/payments.md).
      ...depsOptionsFromConfig(config, config.payments.sandboxWebhookSecret ?? (await installationSecret(database.db, 'sandbox_webhook_secret', clock.now(), 'whsec_'))),
      pickupExpiryDays: config.pickupExpiryDays,
      shippingWebhooks: config.shippingWebhooks,
      carrierApis: config.carrierApis,
      channelSecretKey: loadOrCreateSecretKey({ secretKey: config.secretKey, dataDir: config.dataDir }),
      publicUrl: config.notifications.publicUrl ?? `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${config.port}`,
      timeouts: config.timeouts,
      webhooks: config.webhooks,
      timeZone: config.timeZone,
      twilioAuthToken: config.notifications.twilio?.authToken,
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

    await app.http.listen({ host: config.host, port: config.port });
    const port = (app.http.server.address() as AddressInfo).port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
    // Without ORDO_PUBLIC_URL, links made at request time (password reset) point at the address actually bound (PORT=0 picks one).
    if (!config.notifications.publicUrl) deps.publicUrl = url;

    // The worker role (after listen: links in customer messages point at the address actually bound).
    if (opts.worker ?? config.worker) {
      // On a PostgreSQL server the worker role has its own connections: under load the requests would
      // otherwise hold every pooled connection and the event handlers would queue behind them.
      const workerDatabase =
        database.kind === 'postgres' && config.workerDbPoolSize > 0 ? await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.workerDbPoolSize }) : undefined;
      if (workerDatabase) stops.push(() => workerDatabase.close());
      const work = await startBackgroundWork(workerDatabase ? { ...deps, db: workerDatabase.db } : deps, config, {
        logger,
        ...(opts.handlers ? { handlers: opts.handlers } : {}),
        observer: app.metrics.dispatcher,
        vacuumObserver: app.metrics.vacuum,
        publicUrl: url,
        jobs: { reservationSweepMs: opts.reservationSweepMs, paymentSweepMs: opts.paymentSweepMs, pickupSweepMs: opts.pickupSweepMs, labelSweepMs: opts.labelSweepMs, mailSendMs: opts.mailSendMs },
      });
      stops.push(() => work.stop());
    } else {
      logger.info('no worker in this process (--no-worker / ORDO_WORKER=false): events and periodic jobs are left to `ordo worker`');
    }


    logger.info({ console: `${url}/`, api: `${url}/api/v1`, docs: `${url}/docs`, openapi: `${url}/api/v1/openapi.json` }, `Ordo is listening on ${url}`);

    const running = app;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        logger.info('shutting down');
        // Stop accepting and let in-flight requests finish, for at most the shutdown deadline: then
        // every remaining connection (a slow upload, a stuck client) is closed.
        const deadline = setTimeout(() => {
          logger.warn({ afterMs: config.timeouts.shutdownMs }, 'shutdown deadline reached: closing remaining connections');
          running.http.server.closeAllConnections();
        }, config.timeouts.shutdownMs);
        running.http.server.closeIdleConnections();
        await running.http.close().finally(() => clearTimeout(deadline));
        for (const stop of stops.reverse()) await stop();
        await database.close(); // releases the data folder lock
        logger.info('stopped');
      })());

    // Background work or the database that does not stop in time does not keep the process alive.
    if (opts.handleSignals !== false) exitOnSignals(logger, close, () => closing !== undefined, config.timeouts.shutdownMs + 5_000);

    return { app, database, logger, url, port, createdAdminKey, createdAdmin, close };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await app?.http.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
}
