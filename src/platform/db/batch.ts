import { sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from './client.js';

/**
 * Sends several independent writes as ONE statement (data-modifying CTEs): one round trip instead
 * of N on the hot path. The statements must not depend on each other's effects (they share one
 * snapshot); foreign keys to rows written by earlier statements of the transaction are fine.
 * Pass unexecuted drizzle builders (`tx.insert(t).values(…)`): builders are lazy.
 */
export async function writeTogether(tx: Db, statements: SQLWrapper[]): Promise<void> {
  if (statements.length === 0) return;
  const last = statements.at(-1)!.getSQL();
  if (statements.length === 1) {
    await tx.execute(last);
    return;
  }
  const ctes = statements.slice(0, -1).map((s, i) => sql`${sql.raw(`w${i}`)} as (${s.getSQL()})`);
  await tx.execute(sql`with ${sql.join(ctes, sql`, `)} ${last}`);
}
