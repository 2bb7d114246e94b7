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
 *
 * Planning: PostgreSQL plans a named statement with the bound values for its first five executions
 * (custom plans), then keeps the generic plan only if its estimated cost is no higher than the custom
 * ones'. An array bound as `$1::text[]` defeats that: a custom plan knows the array's length (3 SKUs),
 * the generic plan assumes 10 elements, costs ~3× more, and the statement is re-planned on every
 * execution (0.3–0.5 ms each for the placement's snapshot and reserve statements, measured with
 * pg_prepared_statements: 0 generic plans after 30 placements). Reading the array through a scalar
 * sub-select, `unnest((select $1::text[]))` / `= any((select $1::text[])::text[])`, gives both plans
 * the same estimate, so the generic plan is kept (same index scans). Likewise a `coalesce($n, <subquery>)`
 * that only a custom plan can fold away (see the risk module's placement facts).
 */
export async function preparedRows<T>(db: Db, name: string, text: string, values: unknown[]): Promise<T[]> {
  const client = (db as unknown as { session: { client: PgLikeClient & { constructor: { name: string } } } }).session.client;
  const isNodePg = 'release' in client || client.constructor.name === 'Pool' || 'connectionParameters' in client;
  const res = isNodePg ? await client.query({ name, text, values }) : await client.query(text, values);
  return res.rows as T[];
}
