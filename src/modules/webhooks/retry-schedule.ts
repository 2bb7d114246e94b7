/**
 * Delays after failed attempt 1, 2, …: about 3 days in all (71.6 h), then the delivery has failed and
 * the endpoint is disabled. Each delay gets ±10 % jitter so endpoints that failed together do not
 * retry in lockstep. The last entry ends the schedule: 10 attempts in all.
 */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000, 14 * 3600_000, 20 * 3600_000, 20 * 3600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The delay before the next attempt after `attempts` failed ones, or null when the schedule is used up. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random()));
}
