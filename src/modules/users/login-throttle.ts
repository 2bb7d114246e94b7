import type { Clock } from '../../platform/clock.js';

/**
 * Counts failed sign-ins per client IP in a fixed window (in memory, per process). The per-account
 * lockout stops guessing one password; this slows spraying one password over many accounts.
 */
export class LoginThrottle {
  private windows = new Map<string, { start: number; failures: number }>();
  constructor(
    private clock: Clock,
    private opts: { maxFailures: number; windowMs: number } = { maxFailures: 100, windowMs: 15 * 60 * 1000 },
  ) {}

  /** Milliseconds until the IP may try again, or 0 when it may try now. */
  blockedFor(ip: string): number {
    const w = this.windows.get(ip);
    if (!w) return 0;
    const left = w.start + this.opts.windowMs - this.clock.now().getTime();
    if (left <= 0) {
      this.windows.delete(ip);
      return 0;
    }
    return w.failures >= this.opts.maxFailures ? left : 0;
  }

  recordFailure(ip: string): void {
    const now = this.clock.now().getTime();
    const w = this.windows.get(ip);
    if (!w || w.start + this.opts.windowMs <= now) {
      if (this.windows.size > 50_000) this.windows.clear(); // bounded memory under a flood
      this.windows.set(ip, { start: now, failures: 1 });
    } else {
      w.failures++;
    }
  }
}

/**
 * The per-account lockout, for emails that have no account: the same count and lock as a real
 * account's (in memory, per process), so a 429 after five wrong passwords does not tell an attacker
 * which emails exist.
 */
export class UnknownAccountLockout {
  private accounts = new Map<string, { failures: number; lockedUntil: number }>();
  constructor(
    private clock: Clock,
    private opts: { maxFailures: number; lockoutMs: number },
  ) {}

  lockedUntil(email: string): Date | null {
    const a = this.accounts.get(email);
    return a && a.lockedUntil > this.clock.now().getTime() ? new Date(a.lockedUntil) : null;
  }

  /** Counts a failure; returns the lock's end when this failure locks the email. */
  recordFailure(email: string): Date | null {
    const now = this.clock.now().getTime();
    if (!this.accounts.has(email) && this.accounts.size > 50_000) this.accounts.clear(); // bounded memory under a flood
    const a = this.accounts.get(email) ?? { failures: 0, lockedUntil: 0 };
    a.failures++;
    if (a.failures >= this.opts.maxFailures) {
      a.failures = 0;
      a.lockedUntil = now + this.opts.lockoutMs;
    }
    this.accounts.set(email, a);
    return a.lockedUntil > now ? new Date(a.lockedUntil) : null;
  }
}
