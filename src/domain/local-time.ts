/**
 * Calendar arithmetic in an IANA time zone with nothing but Intl: local dates, and the UTC instant
 * at which a local day starts (DST-safe: days can be 23 or 25 hours long).
 */

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

function parts(instant: Date, tz: string) {
  const p = Object.fromEntries(formatter(tz).formatToParts(instant).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** Offset of `tz` from UTC at `instant`, in ms (Berlin in summer: +7_200_000). */
function offsetMs(instant: Date, tz: string): number {
  const p = parts(instant, tz);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

export function localDate(instant: Date, tz: string): LocalDate {
  const p = parts(instant, tz);
  return `${String(p.y).padStart(4, '0')}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** Adds days to a calendar date (calendar arithmetic, no time zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
}

/** The UTC instant of local midnight starting `date` in `tz`. */
export function startOfLocalDay(date: LocalDate, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - offsetMs(new Date(guess), tz);
  // The offset at the guess may differ from the offset at the answer when a DST switch is near.
  t = guess - offsetMs(new Date(t), tz);
  return new Date(t);
}

/**
 * The UTC instant of the local wall-clock time `minuteOfDay` minutes after midnight on `date` in `tz`
 * (`atLocalTime('2026-03-30', 9 * 60, 'Europe/Berlin')` → 07:00Z, the Monday after the spring switch).
 * A time skipped by a DST switch (02:30 on the spring day) comes out as the instant one hour later.
 */
export function atLocalTime(date: LocalDate, minuteOfDay: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000;
  let t = guess - offsetMs(new Date(guess), tz);
  t = guess - offsetMs(new Date(t), tz);
  return new Date(t);
}
