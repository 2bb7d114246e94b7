import { count } from 'drizzle-orm';
import { startServer } from '../../src/server.js';
import { createLogger } from '../../src/platform/logger.js';
import { orders } from '../../src/platform/db/schema/index.js';
import type { Db } from '../../src/platform/db/client.js';
import { config } from '../support.js';
import { seedDemo } from '../seed/seed-demo.js';

export async function countOrders(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(orders);
  return row?.n ?? 0;
}

/** ORDO_PRETTY_LOGS (validated by loadConfig) forces pretty or JSON logs; unset = pretty on a TTY. */
export function prettyFromEnv(): boolean | undefined {
  const v = process.env.ORDO_PRETTY_LOGS;
  if (!v) return undefined;
  return v === 'true' || v === '1' || v === 'yes';
}

export async function serveCommand(opts: { demo?: boolean; worker?: boolean }): Promise<void> {
  const cfg = config();
  const logger = createLogger({ level: cfg.logLevel, pretty: prettyFromEnv() });
  // `--no-worker` wins; without it ORDO_WORKER decides (commander's default `true` is not a choice).
  const running = await startServer(cfg, { logger, ...(opts.worker === false ? { worker: false } : {}) });
  if ((await countOrders(running.app.deps.db)) > 0) return;
  if (opts.demo) {
    logger.info('seeding demo data (serve --demo on an empty database)');
    const summary = await seedDemo(running.app, { log: (line) => logger.info(line) });
    logger.info(summary, 'demo data ready');
  } else {
    logger.info('The database has no orders yet. For demo data: stop the server and run `npm run ordo -- seed --demo`, or start with `npm run ordo -- serve --demo`.');
  }
}
