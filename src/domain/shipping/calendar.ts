import { addDays, isoWeekday, localDate, startOfLocalDay, type LocalDate } from '../local-time.js';

/**
 * A business-day calendar: a location's (when it picks, packs and hands over) or a carrier's (when it
 * moves parcels). Working weekdays are ISO numbers (Monday 1 … Sunday 7); holidays are local dates.
 */
export interface BusinessCalendar {
  timeZone: string;
  workdays: readonly number[];
  holidays: readonly LocalDate[];
}

export const mondayToFriday: readonly number[] = [1, 2, 3, 4, 5];

export function isBusinessDay(cal: BusinessCalendar, date: LocalDate): boolean {
  return cal.workdays.includes(isoWeekday(date)) && !cal.holidays.includes(date);
}

/** The date itself when it is a business day, else the next one. */
export function onOrAfterBusinessDay(cal: BusinessCalendar, date: LocalDate): LocalDate {
  if (cal.workdays.length === 0) throw new RangeError('A calendar needs at least one working weekday');
  let d = date;
  // A year of holidays cannot hide every working day for long; the bound only guards bad data.
  for (let i = 0; i < 400; i++, d = addDays(d, 1)) if (isBusinessDay(cal, d)) return d;
  throw new RangeError(`No business day within 400 days after ${date}`);
}

/** `n` business days after `date` (n = 0: `date` itself if it is a business day, else the next). */
export function addBusinessDays(cal: BusinessCalendar, date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('Business days must be a non-negative integer');
  let d = onOrAfterBusinessDay(cal, date);
  for (let i = 0; i < n; i++) d = onOrAfterBusinessDay(cal, addDays(d, 1));
  return d;
}

/** Minutes since local midnight of `instant` in `tz`. */
export function localMinutes(instant: Date, tz: string): number {
  const day = localDate(instant, tz);
  return Math.floor((instant.getTime() - startOfLocalDay(day, tz).getTime()) / 60_000);
}

/** Parses a local clock time `HH:MM` (24 h) into minutes since midnight. */
export function parseClock(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`Not a 24-hour time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export { localDate, type LocalDate };
