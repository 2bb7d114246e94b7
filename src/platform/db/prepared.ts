import type { Db } from './client.js';

interface PgLikeClient {
  query(config: { name?: string; text: string; values: unknown[] } | string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a fixed SQL text as a named prepared statement on the connection behind `db` (node-postgres
 * parses and plans it once per connection, then only binds), or as a parameterised query on PGlite.
 * For the few hot-path statements only: the text must be constant per `name` (use arrays and
 * `unnest` instead of variable-length lists). Reaches the driver client through drizzle's session,
 * which both drivers expose as `session.client`; a test covers both.
 */
export async function preparedRows<T>(db: Db, name: string, text: string, values: unknown[]): Promise<T[]> {
  const client = (db as unknown as { session: { client: PgLikeClient & { constructor: { name: string } } } }).session.client;
  const isNodePg = 'release' in client || client.constructor.name === 'Pool' || 'connectionParameters' in client;
  const res = isNodePg ? await client.query({ name, text, values }) : await client.query(text, values);
  return res.rows as T[];
}
