import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/platform/db/client.js';
import { templateDbName, templateDumpPath } from './paths.js';

export const onPostgres = Boolean(process.env.DATABASE_URL);

/** A fresh, migrated database for one test file (a copy of the run's template). */
export async function testDatabase(opts: { poolSize?: number } = {}): Promise<Database & { url?: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dump = readFileSync(templateDumpPath);
    return openDatabase({ loadDataDir: new Blob([dump]) });
  }
  const name = `ordo_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${templateDbName}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize: opts.poolSize ?? 10 });
  return {
    ...db,
    url: u.toString(),
    close: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * Fills the embedded data folder `dataDir` (new or empty) with a copy of the run's migrated template, so a
 * server or CLI process started on it finds every migration applied instead of running them all again
 * (about 4–5 s of CPU per fresh embedded database). For tests whose subject is not the first migration;
 * `ordo migrate` on an empty folder stays covered by test/cli/cli.test.ts and the fresh starts elsewhere.
 * Without a PGlite template (a run with DATABASE_URL set) the folder is left empty and the process migrates it.
 */
export async function migratedDataDir(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(templateDumpPath)) return;
  const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(templateDumpPath)]) });
  await pglite.close();
}
