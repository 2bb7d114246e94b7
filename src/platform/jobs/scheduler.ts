import { and, inArray, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { scheduledJobs } from '../db/schema/index.js';
import type { Clock } from '../clock.js';

export interface PeriodicJob {
  /** Stable name: the row in scheduled_jobs. */
  name: string;
  everyMs: number;
  /** `claimedAt`: the clock reading this process claimed the run with (its next run is one interval later). */
  run(claimedAt: Date): Promise<unknown>;
}

/**
 * Runs periodic jobs once per cluster, however many processes run a scheduler: a job runs in the
 * process whose conditional UPDATE moved its `next_run_at` forward (`… where next_run_at <= now
 * returning`); the others find it no longer due. A process that dies while a job runs does not block
 * it: the next interval is already scheduled. Within one process a job never overlaps itself.
 */
export class JobScheduler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private ticking: Promise<unknown> | undefined;
  private readonly running = new Map<string, Promise<void>>();
  private registered = false;

  constructor(
    private readonly db: Db,
    private readonly jobs: PeriodicJob[],
    private readonly opts: { clock: Clock; workerId: string; log?: Logger; pollMs?: number },
  ) {}

  /** Creates missing rows (first run one interval from now) and takes over changed intervals. */
  private async register(now: Date): Promise<void> {
    if (this.registered || this.jobs.length === 0) return;
    await this.db
      .insert(scheduledJobs)
      .values(this.jobs.map((j) => ({ name: j.name, intervalMs: j.everyMs, nextRunAt: new Date(now.getTime() + j.everyMs) })))
      .onConflictDoUpdate({ target: scheduledJobs.name, set: { intervalMs: sql`excluded.interval_ms` } });
    this.registered = true;
  }

  /** Claims the due jobs and starts them; resolves with the names this process won (they run on in the background). */
  async tick(): Promise<string[]> {
    const now = this.opts.clock.now();
    await this.register(now);
    const idle = this.jobs.filter((j) => !this.running.has(j.name));
    if (idle.length === 0) return [];
    const won = await this.db
      .update(scheduledJobs)
      .set({
        nextRunAt: sql`${now.toISOString()}::timestamptz + make_interval(secs => ${scheduledJobs.intervalMs} / 1000.0)`,
        lockedBy: this.opts.workerId,
        lastStartedAt: now,
        runs: sql`${scheduledJobs.runs} + 1`,
      })
      .where(and(inArray(scheduledJobs.name, idle.map((j) => j.name)), lte(scheduledJobs.nextRunAt, now)))
      .returning({ name: scheduledJobs.name });
    for (const { name } of won) {
      const job = this.jobs.find((j) => j.name === name)!;
      this.running.set(name, this.runJob(job, now));
    }
    return won.map((w) => w.name);
  }

  private async runJob(job: PeriodicJob, claimedAt: Date): Promise<void> {
    let error: string | null = null;
    try {
      const result = await job.run(claimedAt);
      this.opts.log?.debug({ job: job.name, result }, 'job done');
    } catch (err) {
      error = String((err as Error)?.message ?? err).slice(0, 2000);
      this.opts.log?.error({ err, job: job.name }, 'job failed');
    }
    try {
      await this.db
        .update(scheduledJobs)
        .set({ lastFinishedAt: this.opts.clock.now(), lastError: error, lockedBy: null })
        .where(and(sql`${scheduledJobs.name} = ${job.name}`, sql`${scheduledJobs.lockedBy} = ${this.opts.workerId}`));
    } catch (err) {
      this.opts.log?.warn({ err, job: job.name }, 'could not record the end of a job');
    } finally {
      this.running.delete(job.name);
    }
  }

  start(): void {
    if (!this.stopped || this.jobs.length === 0) return;
    this.stopped = false;
    const poll = this.opts.pollMs ?? Math.min(1000, ...this.jobs.map((j) => j.everyMs));
    const loop = async () => {
      if (this.stopped) return;
      this.ticking = this.tick().catch((err: unknown) => this.opts.log?.error({ err }, 'job scheduler failed'));
      await this.ticking;
      if (!this.stopped) this.timer = setTimeout(loop, poll);
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops claiming and waits for the jobs this process is running. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await Promise.all(this.running.values());
  }
}
