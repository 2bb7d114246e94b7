/**
 * Every pooled PostgreSQL connection runs with JIT compilation off (see sessionOptions in
 * src/platform/db/client.ts): the outbox claim over a backlog of a few thousand events was
 * estimated above jit_above_cost and spent 50–400 ms compiling per claim. Options given in the
 * URL are kept beside it.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase, sessionOptions } from '../../src/platform/db/client.js';
import { onPostgres } from '../support/db.js';

describe('database sessions', () => {
  it('adds jit=off to the options given in the URL', () => {
    expect(sessionOptions('postgres://u@h:5432/db')).toEqual({ connectionString: 'postgres://u@h:5432/db', options: '-c jit=off' });
    expect(sessionOptions('postgres://u@h:5432/db?sslmode=disable&options=-c%20statement_timeout%3D5000')).toEqual({
      connectionString: 'postgres://u@h:5432/db?sslmode=disable',
      options: '-c statement_timeout=5000 -c jit=off',
    });
    expect(sessionOptions('host=/tmp dbname=x')).toEqual({ connectionString: 'host=/tmp dbname=x', options: '-c jit=off' });
  });

  it.runIf(onPostgres)('pooled connections run without JIT and keep the URL options', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set('options', '-c statement_timeout=4321');
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    try {
      const settings = await Promise.all(
        [0, 1].map(async () => (await database.pool!.query<{ jit: string; st: string }>(`select current_setting('jit') as jit, current_setting('statement_timeout') as st`)).rows[0]),
      );
      for (const s of settings) expect(s).toEqual({ jit: 'off', st: '4321ms' });
    } finally {
      await database.close();
    }
  });
});
