import { addDays, atLocalTime, isoWeekday, localDate, type LocalDate } from '../local-time.js';

/**
 * Business-hours arithmetic for SLA timers (pure). Opening hours are wall-clock times per weekday in
 * the calendar's IANA time zone, so a DST switch moves them with the clocks: 09:00–17:00 stays eight
 * business hours on the day of the switch. Holidays are local dates with no hours at all.
 */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** `HH:MM`, 00:00–24:00; an interval is open from `open` to `close` on one local day. */
export interface OpeningInterval {
  open: string;
  close: string;
}

export interface BusinessCalendar {
  timeZone: string;
  week: Record<Weekday, readonly OpeningInterval[]>;
  holidays: readonly LocalDate[];
}

const dayMs = 86_400_000;
/** How far ahead a due time is looked for: a calendar open one hour a year still ends. */
const horizonDays = 800;

export const minuteOfDay = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** What is wrong with a calendar (empty list: fine): bad times, closing before opening, overlaps, no hours at all. */
export function calendarProblems(cal: Pick<BusinessCalendar, 'week'>): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  let any = false;
  for (const day of weekdays) {
    const list = [...(cal.week[day] ?? [])].map((i, n) => ({ ...i, n, a: minuteOfDay(i.open), b: minuteOfDay(i.close) })).sort((x, y) => x.a - y.a);
    let end = -1;
    for (const i of list) {
      if (i.b <= i.a) problems.push({ path: `week.${day}.${i.n}.close`, message: 'must be after the opening time' });
      else if (i.a < end) problems.push({ path: `week.${day}.${i.n}.open`, message: 'overlaps the previous interval' });
      else any = true;
      end = Math.max(end, i.b);
    }
  }
  if (!any) problems.push({ path: 'week', message: 'must have opening hours on at least one day' });
  return problems;
}

/** The open intervals of one local date as UTC instants (none on a holiday). */
export function windowsOn(cal: BusinessCalendar, date: LocalDate): Array<[number, number]> {
  if (cal.holidays.includes(date)) return [];
  const day = weekdays[isoWeekday(date) - 1]!;
  return (cal.week[day] ?? [])
    .map((i): [number, number] => [atLocalTime(date, minuteOfDay(i.open), cal.timeZone).getTime(), atLocalTime(date, minuteOfDay(i.close), cal.timeZone).getTime()])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
}

/**
 * Business milliseconds between two instants (0 when `to` is not after `from`).
 * @example businessMsBetween(berlin9to5, Fri 16:00 local, Mon 10:00 local) === 2 * 3_600_000
 */
export function businessMsBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const f = from.getTime();
  const t = to.getTime();
  if (t <= f) return 0;
  let total = 0;
  // A local day can start before `from`'s UTC day (east of UTC), so begin one day early.
  const last = localDate(to, cal.timeZone);
  for (let d = addDays(localDate(from, cal.timeZone), -1), n = 0; d <= last && n < (t - f) / dayMs + 3; d = addDays(d, 1), n++) {
    for (const [a, b] of windowsOn(cal, d)) total += Math.max(0, Math.min(b, t) - Math.max(a, f));
  }
  return total;
}

/**
 * The instant `ms` business milliseconds after `start`. Outside opening hours the count starts at the
 * next opening; a count that ends exactly at a closing time is due at that closing time.
 * Throws when the calendar has no opening hours within the horizon (settings validation prevents it).
 * @example addBusinessMs(berlin9to5, Fri 16:00 local, 4 h) → Mon 12:00 local
 */
export function addBusinessMs(cal: BusinessCalendar, start: Date, ms: number): Date {
  const s0 = start.getTime();
  if (ms <= 0) return new Date(s0);
  let remaining = ms;
  let d = addDays(localDate(start, cal.timeZone), -1);
  for (let n = 0; n < horizonDays; n++, d = addDays(d, 1)) {
    for (const [a, b] of windowsOn(cal, d)) {
      const s = Math.max(a, s0);
      if (s >= b) continue;
      if (remaining <= b - s) return new Date(s + remaining);
      remaining -= b - s;
    }
  }
  throw new Error(`no business hours within ${horizonDays} days of ${start.toISOString()}`);
}

/** Mon–Fri 09:00–17:00 in `timeZone`, no holidays: the default until an admin sets the hours. */
export const defaultCalendar = (timeZone: string): BusinessCalendar => {
  const day = [{ open: '09:00', close: '17:00' }];
  return { timeZone, week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, holidays: [] };
};
