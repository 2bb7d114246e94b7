import { createHash } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/client.js';
import { loginFailures } from '../../platform/db/schema/index.js';

const keyOf = (kind: 'ip' | 'email', value: string) => createHash('sha256').update(`${kind}:${value}`).digest('hex');
const dayMs = 24 * 60 * 60 * 1000;

/** Deletes counters idle for a day, now and then (1 in 200 failures), so a flood cannot grow the table for ever. */
async function sweep(db: Db, now: Date): Promise<void> {
  if (Math.random() >= 1 / 200) return;
  await db.delete(loginFailures).where(lt(loginFailures.lastFailureAt, new Date(now.getTime() - dayMs)));
}

/**
 * Counts failed sign-ins per client IP in a fixed window, in PostgreSQL (shared by every server
 * process). The per-account lockout stops guessing one password; this slows spraying one password
 * over many accounts.
 */
export class LoginThrottle {
  constructor(
    private db: Db,
    private clock: Clock,
    private opts: { maxFailures: number; windowMs: number } = { maxFailures: 100, windowMs: 15 * 60 * 1000 },
  ) {}

  /** Milliseconds until the IP may try again, or 0 when it may try now. */
  async blockedFor(ip: string): Promise<number> {
    const [w] = await this.db.select().from(loginFailures).where(eq(loginFailures.key, keyOf('ip', ip)));
    if (!w) return 0;
    const left = w.windowStart.getTime() + this.opts.windowMs - this.clock.now().getTime();
    return left > 0 && w.failures >= this.opts.maxFailures ? left : 0;
  }

  /** One upsert: a new window when the old one has passed, else one more failure in it. */
  async recordFailure(ip: string): Promise<void> {
    const now = this.clock.now();
    const windowEnd = sql`${loginFailures.windowStart} + make_interval(secs => ${this.opts.windowMs / 1000})`;
    await this.db
      .insert(loginFailures)
      .values({ key: keyOf('ip', ip), failures: 1, windowStart: now, lastFailureAt: now })
      .onConflictDoUpdate({
        target: loginFailures.key,
        set: {
          failures: sql`case when ${windowEnd} <= ${now.toISOString()}::timestamptz then 1 else ${loginFailures.failures} + 1 end`,
          windowStart: sql`case when ${windowEnd} <= ${now.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${loginFailures.windowStart} end`,
          lastFailureAt: now,
        },
      });
    await sweep(this.db, now);
  }
}

/**
 * The per-account lockout, for emails that have no account: the same count and lock as a real
 * account's, in PostgreSQL, so a 429 after five wrong passwords tells an attacker nothing about
 * which emails exist, whichever process answers.
 */
export class UnknownAccountLockout {
  constructor(
    private db: Db,
    private clock: Clock,
    private opts: { maxFailures: number; lockoutMs: number },
  ) {}

  async lockedUntil(email: string): Promise<Date | null> {
    const [a] = await this.db.select({ lockedUntil: loginFailures.lockedUntil }).from(loginFailures).where(eq(loginFailures.key, keyOf('email', email)));
    return a?.lockedUntil && a.lockedUntil > this.clock.now() ? a.lockedUntil : null;
  }

  /** Counts a failure (one upsert, so parallel guesses cannot skip the lock); returns the lock's end when this failure locks the email. */
  async recordFailure(email: string): Promise<Date | null> {
    const now = this.clock.now();
    const lockAt = new Date(now.getTime() + this.opts.lockoutMs).toISOString();
    const reaches = sql`${loginFailures.failures} + 1 >= ${this.opts.maxFailures}`;
    const [row] = await this.db
      .insert(loginFailures)
      .values({ key: keyOf('email', email), failures: 1, windowStart: now, lastFailureAt: now, lockedUntil: this.opts.maxFailures <= 1 ? new Date(lockAt) : null })
      .onConflictDoUpdate({
        target: loginFailures.key,
        set: {
          failures: sql`case when ${reaches} then 0 else ${loginFailures.failures} + 1 end`,
          lockedUntil: sql`case when ${reaches} then ${lockAt}::timestamptz else ${loginFailures.lockedUntil} end`,
          lastFailureAt: now,
        },
      })
      .returning({ lockedUntil: loginFailures.lockedUntil });
    await sweep(this.db, now);
    return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
  }
}
