import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDatabase } from '../support/db.js';
import { openDatabase, type Database } from '../../src/platform/db/client.js';
import { JobScheduler, type PeriodicJob } from '../../src/platform/jobs/scheduler.js';
import { scheduledJobs } from '../../src/platform/db/schema/index.js';

let database: Database & { url?: string };
/** Three "processes": on PostgreSQL each its own pool; PGlite has one connection to share. */
const handles: Database[] = [];
beforeAll(async () => {
  database = await testDatabase();
  handles.push(database);
  for (let i = 0; i < 2; i++) handles.push(database.url ? await openDatabase({ databaseUrl: database.url, poolSize: 2 }) : database);
});
afterAll(async () => {
  for (const h of handles.slice(1)) if (h !== database) await h.close();
  await database.close();
});

const t0 = Date.parse('2026-11-25T10:00:00Z');
let nowMs = t0;
const clock = { now: () => new Date(nowMs) };

describe('periodic jobs once per cluster', () => {
  it('three schedulers ticking together run a job once per interval', async () => {
    const runs: number[] = [];
    const schedulers = handles.map((h, i) => {
      const job: PeriodicJob = { name: 'sweep', everyMs: 60_000, run: async () => void runs.push(i) };
      return new JobScheduler(h.db, [job], { clock, workerId: `w${i}` });
    });
    // Registered on the first tick, due one interval later.
    expect((await Promise.all(schedulers.map((s) => s.tick()))).flat()).toEqual([]);
    for (let interval = 1; interval <= 5; interval++) {
      nowMs += 60_000;
      const won = (await Promise.all(schedulers.map((s) => s.tick()))).flat();
      expect(won).toEqual(['sweep']);
      // Ticking again within the interval runs nothing.
      nowMs += 30_000;
      expect((await Promise.all(schedulers.map((s) => s.tick()))).flat()).toEqual([]);
      nowMs -= 30_000;
      await Promise.all(schedulers.map((s) => s.stop()));
    }
    expect(runs).toHaveLength(5);
    const [row] = await database.db.select().from(scheduledJobs).where(eq(scheduledJobs.name, 'sweep'));
    expect(row).toMatchObject({ runs: 5, intervalMs: 60_000, lastError: null, lockedBy: null, nextRunAt: new Date(nowMs + 60_000) });
  });

  it('a failing job records its error and runs again next interval; a running job is not started twice', async () => {
    let release!: () => void;
    let calls = 0;
    const job: PeriodicJob = {
      name: 'flaky',
      everyMs: 1_000,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('sweep failed');
        await new Promise<void>((r) => (release = r));
      },
    };
    const s = new JobScheduler(database.db, [job], { clock, workerId: 'solo' });
    await s.tick();
    nowMs += 1_000;
    expect(await s.tick()).toEqual(['flaky']);
    await s.stop();
    expect((await database.db.select().from(scheduledJobs).where(eq(scheduledJobs.name, 'flaky')))[0]).toMatchObject({ lastError: 'sweep failed', runs: 1 });
    nowMs += 1_000;
    expect(await s.tick()).toEqual(['flaky']);
    nowMs += 1_000;
    expect(await s.tick()).toEqual([]); // still running here: not started again
    release();
    await s.stop();
    expect((await database.db.select().from(scheduledJobs).where(eq(scheduledJobs.name, 'flaky')))[0]).toMatchObject({ lastError: null, runs: 2 });
  });
});
