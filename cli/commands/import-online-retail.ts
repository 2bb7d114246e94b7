import { createReadStream, statSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { importOnlineRetail } from '../../src/modules/imports/index.js';
import { rebuildSalesRollups } from '../../src/modules/analytics/index.js';
import { systemClock } from '../../src/platform/clock.js';
import { uuidv7 } from '../../src/platform/ids.js';
import { CliError, config, out, table, withDatabase } from '../support.js';

/**
 * `ordo import online-retail <csv>`: the UCI Online Retail history as delivered orders (docs/reports.md).
 * Prints counts by outcome and reason (they add up to every data line) and the first rejected lines.
 */
export async function importOnlineRetailCommand(file: string, opts: { batch?: string }): Promise<void> {
  const cfg = config();
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(`cannot read ${file}`, 2);
  }
  const batchLines = opts.batch ? Number(opts.batch) : 20000;
  if (!Number.isInteger(batchLines) || batchLines < 1) throw new CliError('--batch must be a positive integer', 2);
  const started = process.hrtime.bigint();
  const report = await withDatabase(cfg, { migrate: true }, async ({ db }) => {
    const input = createReadStream(file);
    let bytes = 0;
    input.on('data', (chunk) => (bytes += chunk.length));
    const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {lines} lines | {duration}s', stream: process.stderr, noTTYOutput: false }, Presets.shades_classic);
    bar.start(size, 0, { lines: 0 });
    try {
      const clock = systemClock;
      const r = await importOnlineRetail({ db, clock, newId: () => uuidv7(clock.now().getTime()) }, input, {
        batchLines,
        onBatch: (lines) => bar.update(bytes, { lines }),
      });
      bar.update(size, { lines: r.linesRead });
      bar.stop();
      const t0 = performance.now();
      const rollup = await rebuildSalesRollups(db, { timeZone: cfg.timeZone });
      if (process.env.ORDO_IMPORT_TIMING) process.stderr.write(`rollup ${(performance.now() - t0).toFixed(0)}ms\n`);
      return { ...r, rollup };
    } finally {
      bar.stop();
    }
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  out(`Read ${report.linesRead} data line(s) in ${seconds.toFixed(1)} s.`);
  out();
  out(table(['OUTCOME', 'REASON', 'LINES'], report.outcomes.map((o) => [o.outcome, o.reason, o.lines])));
  out();
  const total = report.outcomes.reduce((s, o) => s + o.lines, 0);
  out(`Accounted for: ${total} of ${report.linesRead} line(s).`);
  out(`Written now: ${report.ordersCreated} order(s), ${report.orderLinesCreated} order line(s), ${report.otherLinesRecorded} credit/adjustment/rejected line(s) (0 on a re-run: already imported).`);
  out(`Sales roll-up rebuilt: ${report.rollup.facts} fact row(s), ${report.rollup.days} daily row(s) in ${cfg.timeZone}.`);
  if (report.rejected.length) {
    out();
    out('Rejected lines (line number in the file, 1 = header):');
    out(table(['LINE', 'REASON'], report.rejected.map((r) => [r.line, r.reason])));
  }
}
