/**
 * Benchmark of `ordo import online-retail` (issue 14, acceptance 4: the full file in ≤ 60 s on PostgreSQL on
 * the 2-core machine; the embedded database's time reported too). Self-contained:
 *
 *   nice -n 10 npx tsx bench/online-retail-import.ts [csv] [--embedded] [--rerun] [--batch N] [--repo DIR]
 *
 * csv defaults to ../shared/data/online-retail/online_retail.csv beside the repository. PostgreSQL: the
 * database named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ordo_imp_retail) is dropped and
 * created first. `--embedded`: a fresh PGlite data directory in a temporary folder instead (removed after).
 * Runs the command as a child process exactly as a user does (ORDO_TIME_ZONE=Europe/London, ORDO_IMPORT_TIMING=1
 * so the step times go to stderr), checks the printed counts against the known ones of the full file, and
 * `--rerun` runs it again (must write nothing). `--repo DIR` runs another checkout's CLI (a before/after).
 * Prints the load average before and after and one line starting with RESULT.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { recreateDatabase } from './db.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const flag = (name: string) => args.includes(`--${name}`);
const repo = resolve(opt('repo') ?? fileURLToPath(new URL('..', import.meta.url)));
const here = fileURLToPath(new URL('..', import.meta.url));
const csv = resolve(args.find((a, i) => !a.startsWith('--') && !['--batch', '--repo'].includes(args[i - 1] ?? '')) ?? join(here, '../shared/data/online-retail/online_retail.csv'));
const embedded = flag('embedded');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ordo_imp_retail';
const TARGET_S = 60;
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

/** The full file's known counts (docs/benchmarks.md, "Online Retail import"). */
const expected = { lines: 541_909, orders: 19_959, orderLines: 530_103, other: 11_806 };

async function importOnce(env: NodeJS.ProcessEnv): Promise<{ wall: number; stdout: string; code: number }> {
  const t0 = performance.now();
  const extra = opt('batch') ? ['--batch', opt('batch')!] : [];
  const child = spawn(process.execPath, [join(repo, 'bin/ordo.mjs'), 'import', 'online-retail', csv, ...extra], {
    cwd: repo, env, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { wall: (performance.now() - t0) / 1000, stdout, code };
}

async function main() {
  if (!existsSync(csv)) throw new Error(`No such file: ${csv}`);
  const dataDir = embedded ? mkdtempSync(join(tmpdir(), 'ordo-retail-pglite-')) : undefined;
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, ORDO_TIME_ZONE: 'Europe/London', ORDO_IMPORT_TIMING: '1' };
    if (dataDir) {
      delete env.DATABASE_URL;
      env.ORDO_DATA_DIR = dataDir;
    } else {
      await recreateDatabase(databaseUrl);
      env.DATABASE_URL = databaseUrl;
    }
    const db = dataDir ? `PGlite in ${dataDir}` : 'PostgreSQL';
    const loadBefore = load();
    const run = await importOnce(env);
    const loadAfter = load();
    process.stdout.write(run.stdout);
    if (run.code !== 0) throw new Error(`the import exited with ${run.code}`);
    const seconds = Number(/ in ([\d.]+) s\./.exec(run.stdout)?.[1] ?? NaN);
    const accounted = /Accounted for: (\d+) of (\d+)/.exec(run.stdout);
    const written = /Written now: (\d+) order\(s\), (\d+) order line\(s\), (\d+) credit/.exec(run.stdout);
    const checks: Array<[string, boolean]> = [
      [`accounted ${accounted?.[1]} of ${accounted?.[2]} = ${expected.lines}`, Number(accounted?.[1]) === expected.lines && Number(accounted?.[2]) === expected.lines],
      [`orders ${written?.[1]} = ${expected.orders}`, Number(written?.[1]) === expected.orders],
      [`order lines ${written?.[2]} = ${expected.orderLines}`, Number(written?.[2]) === expected.orderLines],
      [`credit/adjustment/rejected lines ${written?.[3]} = ${expected.other}`, Number(written?.[3]) === expected.other],
    ];
    if (flag('rerun')) {
      const again = await importOnce(env);
      const w = /Written now: (\d+) order\(s\), (\d+) order line\(s\), (\d+) credit/.exec(again.stdout);
      checks.push([`re-run writes nothing (${w?.slice(1).join(', ')}) in ${again.wall.toFixed(1)} s`, again.code === 0 && w?.slice(1).every((n) => n === '0') === true]);
    }
    for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    const allOk = checks.every(([, ok]) => ok);
    const pass = allOk && (embedded || seconds <= TARGET_S);
    console.log(
      `RESULT online-retail-import (${db}): ${expected.lines} lines in ${seconds.toFixed(1)} s as printed (${Math.round(expected.lines / seconds)} lines/s; ` +
        `command wall time with Node/tsx start ${run.wall.toFixed(1)} s); checks ${allOk ? 'ok' : 'FAILED'}; load average ${loadBefore} → ${loadAfter}; ` +
        (embedded ? 'no target for the embedded database' : `${pass ? 'PASS' : 'FAIL'} (target ≤ ${TARGET_S} s on PostgreSQL)`),
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
