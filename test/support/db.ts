import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
