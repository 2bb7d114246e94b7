import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migratedDataDir } from '../support/db.js';
import { templateDbName } from '../support/paths.js';

export const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * A fresh, EMPTY (unmigrated) place for a server or CLI process to own: an embedded data folder in a
 * temp dir, or, when DATABASE_URL is set, a new PostgreSQL database. `env` holds the variables to run with.
 * `migrated: true`: a copy of the run's migrated template instead (no data yet), for tests whose subject
 * is not the first migration — it saves the process running every migration again.
 */
export async function freshTarget(opts: { migrated?: boolean } = {}): Promise<{ env: Record<string, string>; dir: string; dataDir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ordo-proc-'));
  const dataDir = join(dir, 'data');
  const url = process.env.DATABASE_URL;
  if (!url) {
    if (opts.migrated) await migratedDataDir(dataDir);
    return { env: { ORDO_DATA_DIR: dataDir }, dir, dataDir, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `ordo_p_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}${opts.migrated ? ` template ${templateDbName}` : ''}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: u.toString(), ORDO_DATA_DIR: dataDir },
    dir,
    dataDir,
    dispose: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
