import { ConfigError, loadConfig, type Config } from '../src/platform/config.js';
import { openDatabase, type Database } from '../src/platform/db/client.js';
import { migrateDatabase } from '../src/platform/db/migrate.js';
import { DataDirLockedError } from '../src/platform/db/lock.js';

/** An error the CLI reports as one message (no stack) and exits with `exitCode`. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Exit codes: 0 ok, 1 failure (incl. a locked data folder, reconcile mismatches), 2 usage or configuration. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof ConfigError) return 2;
  return 1;
}

export function describeError(err: unknown): string {
  if (err instanceof ConfigError) return `${err.message}\nSee docs/configuration.md for every variable.`;
  if (err instanceof CliError || err instanceof DataDirLockedError) return err.message;
  if (err instanceof Error) return process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace' ? (err.stack ?? err.message) : err.message;
  return String(err);
}

export const config = (): Config => loadConfig(process.env);

/** Opens the configured database; `migrate` applies pending migrations first (idempotent). */
export async function withDatabase<T>(cfg: Config, opts: { migrate: boolean }, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, poolSize: Math.min(cfg.dbPoolSize, 4) });
  try {
    if (opts.migrate) await migrateDatabase(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

export const out = (text = '') => process.stdout.write(`${text}\n`);

/** A plain aligned text table (no dependency): header, rule, rows. */
export function table(headers: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
