import { Command } from 'commander';
import { roles } from '../src/platform/auth/roles.js';
import { describeError, exitCodeFor } from './support.js';
import { serveCommand } from './commands/serve.js';
import { workerCommand } from './commands/worker.js';
import { migrateCommand } from './commands/migrate.js';
import { seedCommand } from './commands/seed.js';
import { reconcileCommand } from './commands/reconcile.js';
import { apiKeyCreateCommand, apiKeyListCommand } from './commands/api-keys.js';
import { importCommand } from './commands/import.js';
import { importOnlineRetailCommand } from './commands/import-online-retail.js';
import { importPostalCodesCommand } from './commands/import-postal-codes.js';
import { reportsRebuildCommand } from './commands/reports-rebuild.js';
import { userResetPasswordCommand } from './commands/user.js';

/**
 * `ordo` — the command line. Every command reads the same environment variables as the server
 * (docs/configuration.md). Exit codes: 0 ok, 1 failure, 2 bad usage or configuration.
 */
export function buildProgram(): Command {
  const program = new Command('ordo')
    .description('Ordo order management system')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  program.exitOverride((err) => {
    // commander's own usage errors exit 1 by default; ours are 2 like every usage error
    throw Object.assign(err, { exitCode: err.exitCode === 0 ? 0 : 2 });
  });

  program
    .command('serve')
    .description('run the API, outbox dispatcher and background jobs (migrates first)')
    .option('--demo', 'on an empty database, also create the demo business')
    .option('--no-worker', 'leave event handlers and periodic jobs to `ordo worker` processes (also ORDO_WORKER=false)')
    .action(serveCommand);
  program
    .command('worker')
    .description('run event handlers and periodic jobs without HTTP (PostgreSQL; any number of them share the work)')
    .action(workerCommand);
  program.command('migrate').description('apply pending database migrations').action(migrateCommand);
  program
    .command('seed')
    .description('create data; --demo: a small demo business through the HTTP API (empty database only)')
    .option('--demo', 'create the demo business')
    .option('--orders <n>', 'number of demo orders', '200')
    .action(seedCommand);
  program
    .command('reconcile')
    .description('check that every inventory level equals the sum of its movement ledger; exits 1 on mismatches')
    .action(reconcileCommand);

  const apiKey = program.command('api-key').description('manage API keys');
  apiKey
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('--name <name>', 'what the key is for, e.g. "shopify sync"')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .action(apiKeyCreateCommand);
  apiKey.command('list').description('list API keys (never their secrets)').action(apiKeyListCommand);
  const user = program.command('user').description('console users');
  user
    .command('reset-password <email>')
    .description('print a single-use password-reset link (30 min) for a console user, or set a password with --password; the user’s sessions end')
    .option('--password <password>', 'set this password now (at least 12 characters) instead of printing a link')
    .action(userResetPasswordCommand);
  program
    .command('import <kind> <file>')
    .description('import a CSV file: products, inventory (counts) or customers, one transaction per row; orders (history), in batches of whole orders (docs/data-exchange.md); online-retail: the UCI Online Retail history as delivered GBP orders, idempotent (docs/reports.md); postal-codes: GeoNames postal code centroids, so typed addresses get coordinates (docs/console.md)')
    .option('--dry-run', 'check every row and report, writing nothing (products, inventory, customers)')
    .option('--batch <lines>', 'lines per transaction (online-retail)', '20000')
    .action((kind: string, file: string, opts: { dryRun?: boolean; batch?: string }) =>
      kind === 'online-retail' ? importOnlineRetailCommand(file, opts) : kind === 'postal-codes' ? importPostalCodesCommand(file) : importCommand(kind, file, opts),
    );
  const reportsCmd = program.commands.find((c) => c.name() === 'reports') ?? program.command('reports').description('report data');
  reportsCmd.command('rebuild').description('recompute the sales roll-up in ORDO_TIME_ZONE (after changing it)').action(reportsRebuildCommand);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) return (err as { exitCode: number }).exitCode;
    process.stderr.write(`ordo: ${describeError(err)}\n`);
    return exitCodeFor(err);
  }
}

const code = await main(process.argv);
// `serve` and `worker` keep running until a signal (its handlers exit). Every other command is done: exit now,
// even if a driver left a timer behind. stdout/stderr are synchronous for files and pipes on Linux.
if (code !== 0 || (process.argv[2] !== 'serve' && process.argv[2] !== 'worker')) process.exit(code);
