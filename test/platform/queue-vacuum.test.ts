/**
 * The `vacuum-queue-tables` job (src/platform/outbox/vacuum.ts): on a PostgreSQL server, the outbox is vacuumed once
 * its dead rows pass the threshold, and left alone below it; on the embedded database it does nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { onPostgres, testDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/client.js';
import { queryRows } from '../../src/platform/db/query.js';
import { vacuumQueueTables } from '../../src/platform/outbox/vacuum.js';

let database: Database & { url?: string };
beforeAll(async () => {
  database = await testDatabase({ poolSize: 2 });
});
afterAll(() => database?.close());

const outboxStats = async () =>
  (
    await queryRows<{ dead: string; vacuums: string }>(
      database.db,
      sql`select n_dead_tup as dead, vacuum_count as vacuums from pg_stat_user_tables where relid = to_regclass('outbox')`,
    )
  ).map((r) => ({ dead: Number(r.dead), vacuums: Number(r.vacuums) }))[0]!;

/** Waits until the server's statistics show at least `n` dead outbox rows (backends report them within about a second). */
async function deadRowsAtLeast(n: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const { dead } = await outboxStats();
    if (dead >= n) return dead;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the statistics never showed ${n} dead outbox rows`);
}

describe.skipIf(!onPostgres)('vacuumQueueTables on PostgreSQL', () => {
  it('vacuums the outbox when its dead rows pass the threshold and skips it otherwise', async () => {
    await database.db.execute(sql`insert into outbox (event_id, type, aggregate_type, aggregate_id, payload, occurred_at, available_at)
      select gen_random_uuid(), 'load.step', 'load', (g % 50)::text, jsonb_build_object('n', g), now(), now() from generate_series(1, 3000) g`);
    // Delivered and pruned: 3,000 dead rows (autovacuum is off on the test server, or would not run this soon).
    await database.db.execute(sql`delete from outbox where type = 'load.step'`);
    const dead = await deadRowsAtLeast(3000);
    const before = await outboxStats();

    // Above the threshold's reach: left alone.
    const high = await vacuumQueueTables(database.db, { databaseUrl: database.url, minDeadTuples: dead + 1 });
    expect(high.vacuumed).toEqual([]);
    expect(high.skipped).toContainEqual({ table: 'outbox', deadTuples: dead, reason: 'below-threshold' });
    expect((await outboxStats()).vacuums).toBe(before.vacuums);

    // Past the threshold: vacuumed on a connection of its own (VACUUM cannot run in the pool's transactions), reported.
    const seen: Array<[string, number]> = [];
    const ran = await vacuumQueueTables(database.db, { databaseUrl: database.url, minDeadTuples: 1000, observer: { vacuumed: (t, n) => seen.push([t, n]) } });
    expect(ran.vacuumed.map((v) => [v.table, v.deadTuples])).toEqual([['outbox', dead]]);
    expect(seen).toEqual([['outbox', dead]]);
    expect(ran.skipped.map((s) => s.table)).toEqual(['processed_events']);
    const after = await outboxStats();
    expect(after.vacuums).toBe(before.vacuums + 1);
    expect(after.dead).toBe(0);

    // Nothing dead any more: the next run skips it.
    const again = await vacuumQueueTables(database.db, { databaseUrl: database.url, minDeadTuples: 1000 });
    expect(again.vacuumed).toEqual([]);
    expect(again.skipped).toContainEqual({ table: 'outbox', deadTuples: 0, reason: 'below-threshold' });
    expect((await outboxStats()).vacuums).toBe(before.vacuums + 1);
  });
});

describe.skipIf(onPostgres)('vacuumQueueTables on the embedded database', () => {
  it('does nothing', async () => {
    expect(await vacuumQueueTables(database.db, { databaseUrl: undefined, minDeadTuples: 1 })).toEqual({ vacuumed: [], skipped: [] });
  });
});
