import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { systemClock } from '../../src/platform/clock.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { uuidv7 } from '../../src/platform/ids.js';
import { csvRecord } from '../../src/domain/exchange/csv.js';
import { importCsv, importKinds, type ImportKind } from '../../src/flows/import-csv.js';
import { CliError, config, out, table, withDatabase } from '../support.js';

/**
 * `ordo import <kind> <file> [--dry-run]`: streams the CSV through the import use case, one
 * transaction per record (orders: per batch of whole orders), with a progress bar on a terminal (stderr). Rejected lines (line number and
 * reason) are printed (first 20) and written in full to `<file>.rejected.csv`. Exit 1 if any was rejected.
 */
export async function importCommand(kind: string, file: string, opts: { dryRun?: boolean }): Promise<void> {
  if (!(importKinds as readonly string[]).includes(kind)) throw new CliError(`Unknown import kind "${kind}". Kinds: ${importKinds.join(', ')}`, 2);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(`Cannot read ${file}`, 2);
  }
  const cfg = config();
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing {bar} {percentage}% | {rows} rows | {eta_formatted} left', stream: process.stderr }, Presets.shades_classic) : undefined;
  bar?.start(size, 0, { rows: 0 });
  const started = Date.now();
  const report = await withDatabase(cfg, { migrate: true }, ({ db }) =>
    importCsv(
      { db, clock: systemClock, newId: () => uuidv7(systemClock.now().getTime()), actor: { ...systemActor, id: 'cli-import', name: 'ordo import' } },
      { kind: kind as ImportKind, source: createReadStream(file), dryRun: opts.dryRun === true, onProgress: (bytes, rows) => bar?.update(bytes, { rows }) },
    ),
  ).finally(() => bar?.stop());
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  out(`${report.dryRun ? 'Dry run (nothing written)' : 'Imported'}: ${report.rows} ${kind} row(s) from ${file} in ${seconds} s.`);
  out();
  const outcomes: Array<[string, number]> =
    report.kind === 'orders'
      ? [[report.dryRun ? 'would create (lines)' : 'created (lines)', report.created], ['already imported (lines)', report.unchanged ?? 0], ['rejected', report.rejected.length]]
      : [[report.dryRun ? 'would create' : 'created', report.created], [report.dryRun ? 'would update' : 'updated', report.updated], ['rejected', report.rejected.length]];
  out(table(['OUTCOME', 'ROWS'], outcomes));
  if (report.ordersCreated !== undefined) out(`${report.dryRun ? 'Orders that would be created' : 'Orders created'}: ${report.ordersCreated}.`);
  if (report.rejected.length) {
    out();
    out(table(['LINE', 'REASON'], report.rejected.slice(0, 20).map((r) => [r.line, r.reason])));
    if (report.rejected.length > 20) out(`… and ${report.rejected.length - 20} more`);
    const path = `${file}.rejected.csv`;
    writeFileSync(path, csvRecord(['line', 'reason']) + report.rejected.map((r) => csvRecord([r.line, r.reason])).join(''));
    out();
    out(`Every rejected line with its reason: ${path}`);
    process.exitCode = 1;
  }
}
