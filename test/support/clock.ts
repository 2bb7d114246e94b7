import type { Clock } from '../../src/platform/clock.js';

/**
 * The tests' default clock: time runs at the real pace but starts at a fixed instant, so nothing a
 * test asserts depends on the day it runs (weekends, month ends, DST). Wednesday 2026-03-04 09:00 UTC:
 * a working day in every shop time zone the tests use, far from any DST change.
 */
export const PINNED_START = new Date('2026-03-04T09:00:00.000Z');

export function pinnedClock(start: Date = PINNED_START): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}
