import { startWorker } from '../../src/worker.js';
import { createLogger } from '../../src/platform/logger.js';
import { config } from '../support.js';
import { prettyFromEnv } from './serve.js';

/** `ordo worker`: event handlers and periodic jobs, no HTTP; stops on SIGINT/SIGTERM after its batch. */
export async function workerCommand(): Promise<void> {
  const cfg = config();
  const logger = createLogger({ level: cfg.logLevel, pretty: prettyFromEnv() });
  await startWorker(cfg, { logger });
}
