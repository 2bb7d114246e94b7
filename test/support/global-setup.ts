import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/client.js';
import { migrateDatabase } from '../../src/platform/db/migrate.js';
import { templateDbName, templateDumpPath } from './paths.js';

/**
 * Migrates one template database per run; every test file then gets its own copy of it
 * (PGlite: loaded from a dump; PostgreSQL: CREATE DATABASE … TEMPLATE), so files run in parallel
 * without sharing state and without paying for migrations again.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${templateDbName} with (force)`);
    await admin.query(`create database ${templateDbName}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${templateDbName}`;
    const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 1 });
    await migrateDatabase(db);
    await db.close();
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${templateDbName} with (force)`);
      await c.end();
    };
  }
  const db = await openDatabase({ dataDir: 'memory://' });
  await migrateDatabase(db);
  const dump = await db.pglite!.dumpDataDir('none');
  mkdirSync(dirname(templateDumpPath), { recursive: true });
  writeFileSync(templateDumpPath, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  return async () => undefined;
}
