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
