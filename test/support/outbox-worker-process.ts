/**
 * A worker process for test/platform/multi-worker.test.ts: the real OutboxDispatcher and JobScheduler
 * against DATABASE_URL, with two test handlers that record their effect rows, and one periodic job.
 * Stops on SIGTERM after its batch; a SIGKILL is the crash under test.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/platform/db/client.js';
import { systemClock } from '../../src/platform/clock.js';
import { OutboxDispatcher, type EventHandler } from '../../src/platform/outbox/dispatcher.js';
import { JobScheduler } from '../../src/platform/jobs/scheduler.js';

const worker = process.env.WORKER_ID!;
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, poolSize: 4 });
const handler = (name: string): EventHandler => ({
  name,
  types: ['load.step'],
  async handle(tx, e) {
    await tx.execute(sql`insert into effects (handler, event_id, agg, n, worker) values (${name}, ${e.eventId}, ${e.aggregateId}, ${(e.payload as { n: number }).n}, ${worker})`);
  },
});
const dispatcher = new OutboxDispatcher(database.db, [handler('h1'), handler('h2')], {
  clock: systemClock,
  workerId: worker,
  concurrency: 2,
  leaseMs: Number(process.env.LEASE_MS ?? 3000),
  pollMs: 50,
});
const scheduler = new JobScheduler(
  database.db,
  [{ name: 'tick', everyMs: Number(process.env.JOB_MS ?? 1000), run: (claimedAt) => database.db.execute(sql`insert into job_runs (worker, at) values (${worker}, ${claimedAt.toISOString()}::timestamptz)`) }],
  { clock: systemClock, workerId: worker, pollMs: 50 },
);
dispatcher.start();
scheduler.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void Promise.all([dispatcher.stop(), scheduler.stop()])
    .then(() => database.close())
    .then(() => process.exit(0));
});
