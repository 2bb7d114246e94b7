import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';
import { lockDataDir } from './lock.js';

export type Schema = typeof schema;
/** The one handle type use cases take: a database or a transaction (a transaction is a database). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'embedded' | 'postgres';
  /** A readiness probe: resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The PGlite instance when embedded (tests clone databases through it). */
  pglite?: PGlite;
  pool?: pg.Pool;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  poolSize?: number;
  /** An in-memory PGlite loaded from a dump (tests). */
  loadDataDir?: Blob | File;
}

/**
 * Session settings for every pooled connection: JIT compilation off. Ordo's statements are short
 * OLTP statements whose cost estimates grow with table size (the outbox claim over a backlog of a few
 * thousand events is estimated above `jit_above_cost`), and then PostgreSQL spends 50–400 ms compiling
 * each one for a query that runs in a few ms. Options given in the URL (`?options=…`) are kept; they
 * move from the URL into the pool's `options` (node-postgres lets the URL's value win otherwise).
 */
export function sessionOptions(databaseUrl: string): { connectionString: string; options: string } {
  try {
    const url = new URL(databaseUrl);
    const given = url.searchParams.get('options');
    url.searchParams.delete('options');
    return { connectionString: given === null ? databaseUrl : url.toString(), options: [given, '-c jit=off'].filter(Boolean).join(' ') };
  } catch {
    return { connectionString: databaseUrl, options: '-c jit=off' }; // a key=value string, not a URL
  }
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ ...sessionOptions(opts.databaseUrl), max: opts.poolSize ?? 10 });
    pool.on('error', () => {
      /* idle client errors surface on the next query; never crash the process here */
    });
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      pool,
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
  }
  let release: (() => void) | undefined;
  let dataDir: string | undefined;
  if (!opts.loadDataDir && opts.dataDir !== undefined && opts.dataDir !== 'memory://') {
    release = lockDataDir(opts.dataDir);
    mkdirSync(opts.dataDir, { recursive: true });
    dataDir = opts.dataDir;
  }
  try {
    const client = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    return {
      db,
      kind: 'embedded',
      pglite: client,
      ping: async () => {
        await client.query('select 1');
      },
      close: async () => {
        await client.close();
        release?.();
      },
    };
  } catch (e) {
    release?.();
    throw e;
  }
}
