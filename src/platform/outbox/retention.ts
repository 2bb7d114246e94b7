import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/query.js';

/**
 * Deletes delivered (or skipped) outbox events and processed-event marks older than `retentionDays`,
 * in chunks of `chunk` rows so no statement holds many locks. A processed mark whose event is still
 * pending (an `afterCommit` that keeps failing, a dead letter) is kept: it stops a replay from
 * running the handler's committed effect again.
 */
export async function pruneDeliveredEvents(db: Db, now: Date, retentionDays: number, chunk = 5000): Promise<{ outbox: number; processed: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const removed = { outbox: 0, processed: 0 };
  for (let round = 0; round < 200; round++) {
    const [o] = await queryRows<{ n: number }>(
      db,
      sql`with gone as (delete from outbox where id in (select id from outbox where dispatched_at < ${cutoff}::timestamptz limit ${chunk}) returning 1)
          select count(*)::int as n from gone`,
    );
    removed.outbox += o!.n;
    if (o!.n < chunk) break;
  }
  for (let round = 0; round < 200; round++) {
    const [p] = await queryRows<{ n: number }>(
      db,
      sql`with gone as (delete from processed_events pe where (consumer, event_id) in (
            select consumer, event_id from processed_events x where x.processed_at < ${cutoff}::timestamptz
              and not exists (select 1 from outbox o where o.event_id = x.event_id and o.dispatched_at is null)
            limit ${chunk}) returning 1)
          select count(*)::int as n from gone`,
    );
    removed.processed += p!.n;
    if (p!.n < chunk) break;
  }
  return removed;
}
