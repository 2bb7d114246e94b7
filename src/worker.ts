import type { Logger } from 'pino';
import { createDeps, type AppOptions } from './app.js';
import { ConfigError, type Config } from './platform/config.js';
import type { Deps } from './platform/context.js';
import { systemClock, type Clock } from './platform/clock.js';
import { openDatabase, type Database } from './platform/db/client.js';
import { migrateDatabase } from './platform/db/migrate.js';
import { createLogger } from './platform/logger.js';
import { exitOnSignals } from './platform/shutdown.js';
import { OutboxDispatcher, defaultWorkerId, type DispatcherObserver, type EventHandler } from './platform/outbox/dispatcher.js';
import { createNatsPublisher } from './platform/outbox/nats-publisher.js';
import { pruneDeliveredEvents } from './platform/outbox/retention.js';
import { vacuumQueueTables, type VacuumObserver } from './platform/outbox/vacuum.js';
import { JobScheduler, type PeriodicJob } from './platform/jobs/scheduler.js';
import { eventHandlers } from './handlers.js';
import { releaseExpiredReservations } from './modules/inventory/index.js';
import { expireUnpaidOrders } from './flows/expire-unpaid-orders.js';
import { pollChannelOrders } from './flows/poll-channel-orders.js';
import { cancelOrder } from './flows/cancel-order.js';
import { installationSecret } from './platform/installation-secrets.js';
import { cancelExpiredPickups } from './modules/fulfillment/index.js';
import { abandonStaleLabelOperations } from './modules/shipping/index.js';
import { loadOrCreateSecretKey, pushChannelAvailability } from './modules/channels/index.js';
import { emlMailer, fileSms, sendDueMessages, sendPickupReminders, smtpMailer, twilioSms, type Mailer, type SenderEnv } from './modules/notifications/index.js';
import { join } from 'node:path';
import { sendDueWebhooks } from './modules/webhooks/index.js';
import { detectSlaBreaches } from './modules/support/index.js';
import { runReorder } from './modules/purchasing/index.js';
import { systemActor } from './platform/auth/roles.js';

/** Intervals of the periodic jobs (ms); tests shorten them. */
export interface JobIntervals {
  /** Expired soft reservations back to available stock (default 30 s). */
  reservationSweepMs?: number;
  /** Unpaid orders past the retry window, stuck gateway operations (default 60 s). */
  paymentSweepMs?: number;
  /** Uncollected store pickups (default 5 min). */
  pickupSweepMs?: number;
  /** Interrupted EasyPost/Shippo label operations (default 60 s). */
  labelSweepMs?: number;
  /** Delivered outbox events and processed marks past retention (default 1 h). */
  pruneMs?: number;
  /** Queue tables with many dead rows vacuumed, PostgreSQL only (default 60 s). */
  vacuumMs?: number;
  /** Customer messages due for sending (default 2 s). */
  mailSendMs?: number;
  /** Reminders for store pickups still waiting (default 5 min). */
  pickupReminderMs?: number;
  /** Debounced channel availability pushes (default 1 s). */
  channelPushMs?: number;
  /** Polled sales channels (default 60 s). */
  channelPollMs?: number;
  /** Due webhook deliveries (default ORDO_WEBHOOKS_POLL_MS). */
  webhookSendMs?: number;
  /** Support cases past an SLA target (default 60 s). */
  slaBreachMs?: number;
  /** Reorder trigger: reorder points checked, drafts created (default 15 min). */
  reorderMs?: number;
}

/** Every periodic job, run once per cluster by whichever process claims it (scheduled_jobs). */
export function periodicJobs(
  deps: Deps,
  config: Pick<Config, 'outboxRetentionDays' | 'webhooks'> & Partial<Pick<Config, 'databaseUrl' | 'outboxVacuumDeadRows'>>,
  every: JobIntervals = {},
  mail?: { mailer: Mailer; sms: SenderEnv['sms']; publicUrl: string; logger?: Logger },
  observers: { vacuum?: VacuumObserver } = {},
): PeriodicJob[] {
  return [
    // Sales channels: queued (debounced) availability changes pushed in batches (docs/channels.md).
    { name: 'push-channel-availability', everyMs: every.channelPushMs ?? 1_000, run: () => pushChannelAvailability(deps) },
    // Outbound webhooks: due deliveries, claimed with SKIP LOCKED and leases (docs/webhooks.md).
    { name: 'send-webhooks', everyMs: every.webhookSendMs ?? config.webhooks.pollMs, run: () => sendDueWebhooks(deps, config.webhooks) },
    // Sales channels without webhooks (Amazon SP-API): new and changed orders fetched with their cursors.
    { name: 'poll-channel-orders', everyMs: every.channelPollMs ?? 60_000, run: () => pollChannelOrders(deps) },
    // Customer e-mail queued by event handlers: sent over SMTP, or as .eml files under <dataDir>/mail (docs/notifications.md).
    ...(mail
      ? [{ name: 'send-customer-messages', everyMs: every.mailSendMs ?? 2_000, run: () => sendDueMessages({ db: deps.db, clock: deps.clock, newId: deps.newId, mailer: mail.mailer, sms: mail.sms, publicUrl: mail.publicUrl, ...(mail.logger ? { log: mail.logger } : {}) }) }]
      : []),
    // Store pickups still waiting `pickupReminderHours` after ready: one reminder with the code, queued like any message.
    { name: 'send-pickup-reminders', everyMs: every.pickupReminderMs ?? 300_000, run: () => sendPickupReminders(deps) },
    // Soft reservations (carts, holds) carry an expiry; this returns expired ones to available stock.
    { name: 'release-expired-reservations', everyMs: every.reservationSweepMs ?? 30_000, run: () => releaseExpiredReservations(deps.db, deps) },
    // Orders whose payment failed and was not retried in time are cancelled (reservations released).
    { name: 'expire-unpaid-orders', everyMs: every.paymentSweepMs ?? 60_000, run: () => expireUnpaidOrders(deps) },
    // Store pickups not collected within ORDO_PICKUP_EXPIRY_DAYS are cancelled (stock back, lines cancelled).
    { name: 'cancel-expired-pickups', everyMs: every.pickupSweepMs ?? 300_000, run: () => cancelExpiredPickups(deps.db, { ...deps, cancelOrder }) },
    // Aggregator label purchases/voids cut off by a crash: bought labels refunded, the fulfillment order freed.
    { name: 'abandon-stale-label-operations', everyMs: every.labelSweepMs ?? 60_000, run: () => abandonStaleLabelOperations(deps) },
    // Support cases past an SLA target in business hours: stamped once, case.sla_breached written (docs/support.md).
    { name: 'detect-sla-breaches', everyMs: every.slaBreachMs ?? 60_000, run: () => detectSlaBreaches(deps) },
    // Purchasing: stock below its forecast reorder point → a draft purchase order per supplier and location (docs/purchasing.md).
    { name: 'reorder-check', everyMs: every.reorderMs ?? 900_000, run: () => runReorder({ ...deps, actor: systemActor }).then(() => undefined) },
    // Retention: delivered events and their processed marks older than ORDO_OUTBOX_RETENTION_DAYS.
    { name: 'prune-delivered-events', everyMs: every.pruneMs ?? 3_600_000, run: () => pruneDeliveredEvents(deps.db, deps.clock.now(), config.outboxRetentionDays) },
    // Queue tables whose dead rows passed ORDO_OUTBOX_VACUUM_DEAD_ROWS get a VACUUM (ANALYZE), for servers where autovacuum
    // is off or behind; nothing on the embedded database (docs/events-operations.md).
    {
      name: 'vacuum-queue-tables',
      everyMs: every.vacuumMs ?? 60_000,
      run: () =>
        vacuumQueueTables(deps.db, {
          databaseUrl: config.databaseUrl,
          minDeadTuples: config.outboxVacuumDeadRows ?? 10_000,
          ...(mail?.logger ? { log: mail.logger } : {}),
          ...(observers.vacuum ? { observer: observers.vacuum } : {}),
        }),
    },
  ];
}

export interface BackgroundWork {
  dispatcher: OutboxDispatcher;
  scheduler: JobScheduler;
  /** Stops claiming, finishes the batch and the jobs in flight, closes NATS. */
  stop(): Promise<void>;
}

/**
 * The worker role: the outbox dispatcher over every event handler, and the periodic jobs. Run inside
 * `ordo serve` (default) or alone in `ordo worker` processes; any number of them share the work.
 */
export async function startBackgroundWork(
  deps: Deps,
  config: Pick<Config, 'natsUrl' | 'outboxPollMs' | 'outboxConcurrency' | 'outboxMaxAttempts' | 'outboxRetentionDays' | 'notifications' | 'dataDir' | 'webhooks'> &
    Partial<Pick<Config, 'databaseUrl' | 'outboxVacuumDeadRows'>>,
  opts: { logger: Logger; handlers?: EventHandler[]; jobs?: JobIntervals; observer?: DispatcherObserver; vacuumObserver?: VacuumObserver; workerId?: string; publicUrl?: string },
): Promise<BackgroundWork> {
  const { logger } = opts;
  const workerId = opts.workerId ?? defaultWorkerId();
  const handlers = [...eventHandlers(deps), ...(opts.handlers ?? [])];
  let closeNats: (() => Promise<void>) | undefined;
  if (config.natsUrl) {
    // Scaled out: every event also goes to NATS JetStream (stream ORDO_EVENTS, subjects ordo.events.<type>).
    const nats = await createNatsPublisher({ url: config.natsUrl });
    closeNats = () => nats.close();
    handlers.push(nats.handler);
    logger.info({ natsUrl: config.natsUrl }, 'publishing events to NATS JetStream');
  }
  const dispatcher = new OutboxDispatcher(deps.db, handlers, {
    clock: deps.clock,
    log: logger,
    pollMs: config.outboxPollMs,
    concurrency: config.outboxConcurrency,
    maxAttempts: config.outboxMaxAttempts,
    workerId,
    ...(opts.observer ? { observer: opts.observer } : {}),
  });
  const mailer = config.notifications.smtpUrl ? smtpMailer(config.notifications.smtpUrl) : emlMailer(join(config.dataDir, 'mail'));
  const sms = config.notifications.twilio ? twilioSms(config.notifications.twilio) : fileSms(join(config.dataDir, 'sms'));
  const publicUrl = config.notifications.publicUrl ?? opts.publicUrl ?? deps.publicUrl ?? 'http://127.0.0.1:3000';
  const scheduler = new JobScheduler(deps.db, periodicJobs(deps, config, opts.jobs, { mailer, sms, publicUrl, logger }, opts.vacuumObserver ? { vacuum: opts.vacuumObserver } : {}), { clock: deps.clock, log: logger, workerId });
  dispatcher.start();
  scheduler.start();
  logger.info({ workerId, handlers: handlers.length }, 'worker started: event handlers and periodic jobs');
  return {
    dispatcher,
    scheduler,
    async stop() {
      await scheduler.stop();
      await dispatcher.stop();
      await closeNats?.();
      mailer.close();
    },
  };
}

/** The dependencies' settings taken from the environment (shared by `ordo serve` and `ordo worker`). */
export function depsOptionsFromConfig(config: Config, sandboxWebhookSecret: string): Pick<AppOptions, 'sourcing' | 'payments' | 'carrierApis' | 'channelSecretKey' | 'publicUrl' | 'timeZone'> {
  return {
    sourcing: config.sourcing,
    payments: {
      retryMinutes: config.payments.retryMinutes,
      captureAtPlacementChannels: config.payments.captureAtPlacementChannels,
      sandboxWebhookSecret,
      stripe: config.payments.stripe,
    },
    carrierApis: config.carrierApis,
    timeZone: config.timeZone,
    channelSecretKey: loadOrCreateSecretKey({ secretKey: config.secretKey, dataDir: config.dataDir }),
    ...(config.notifications.publicUrl ? { publicUrl: config.notifications.publicUrl } : {}),
  };
}

export interface RunningWorker {
  database: Database;
  work: BackgroundWork;
  close(): Promise<void>;
}

/**
 * `ordo worker`: event handlers and periodic jobs without HTTP, against PostgreSQL (an embedded
 * database belongs to the one `ordo serve` process that holds its folder).
 */
export async function startWorker(
  config: Config,
  opts: { logger?: Logger; clock?: Clock; handleSignals?: boolean; jobs?: JobIntervals; workerId?: string } = {},
): Promise<RunningWorker> {
  if (!config.databaseUrl) throw new ConfigError('ordo worker needs DATABASE_URL (PostgreSQL): the embedded database is served by one `ordo serve` process, which runs the worker itself');
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.dbPoolSize });
  try {
    await migrateDatabase(database);
    const clock = opts.clock ?? systemClock;
    const sandboxSecret = config.payments.sandboxWebhookSecret ?? (await installationSecret(database.db, 'sandbox_webhook_secret', clock.now(), 'whsec_'));
    const deps = createDeps({ database, clock, ...depsOptionsFromConfig(config, sandboxSecret) });
    let work: BackgroundWork | undefined;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        logger.info('worker shutting down');
        await work?.stop();
        await database.close();
        logger.info('worker stopped');
      })());
    if (opts.handleSignals !== false) exitOnSignals(logger, close, () => closing !== undefined, config.timeouts.shutdownMs + 5_000);
    work = await startBackgroundWork(deps, config, { logger, ...(opts.jobs ? { jobs: opts.jobs } : {}), ...(opts.workerId ? { workerId: opts.workerId } : {}) });
    return { database, work, close };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
