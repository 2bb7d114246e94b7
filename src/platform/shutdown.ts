import type { Logger } from 'pino';

/**
 * SIGINT/SIGTERM run `close` once and exit 0 (1 if it failed); a second signal exits at once, and a
 * close that does not finish within `hardExitMs` does not keep the process alive.
 */
export function exitOnSignals(logger: Logger, close: () => Promise<void>, isClosing: () => boolean, hardExitMs: number): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (isClosing()) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    logger.info({ signal }, 'signal received');
    setTimeout(() => {
      logger.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, hardExitMs).unref();
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
