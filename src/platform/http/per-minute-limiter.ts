/**
 * A per-process fixed window of one minute per key (client address): true while the key stays within
 * `max` calls this minute. Used by the public, unauthenticated endpoints that must not be tried in bulk
 * (order status lookup, password reset). Windows of idle keys are dropped past 10,000 keys.
 */
export function perMinuteLimiter(max: number, now: () => Date) {
  const windows = new Map<string, { start: number; count: number }>();
  return (key: string): boolean => {
    const t = now().getTime();
    if (windows.size > 10_000) for (const [k, w] of windows) if (t - w.start >= 60_000) windows.delete(k);
    const w = windows.get(key);
    if (!w || t - w.start >= 60_000) {
      windows.set(key, { start: t, count: 1 });
      return true;
    }
    return ++w.count <= max;
  };
}
