/**
 * A store's weekly opening hours as data: zero or more time ranges per weekday (a lunch break is two
 * ranges), local time of the store. Pure: formatting takes the language, nothing reads a clock.
 */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export interface OpeningRange {
  day: Weekday;
  /** `HH:MM`, 24-hour clock. */
  opens: string;
  /** `HH:MM`, after `opens` (`24:00` = midnight). */
  closes: string;
}

export const isClockTime = (v: string) => /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(v);

/** Why a set of ranges is not valid (index and reason), or null: closes after opens, no overlaps on a day. */
export function openingHoursProblem(ranges: readonly OpeningRange[]): { index: number; field: 'closes' | 'opens'; message: string } | null {
  for (const [index, r] of ranges.entries()) {
    if (r.closes <= r.opens) return { index, field: 'closes', message: 'must be after opens' };
    const overlap = ranges.findIndex((o, j) => j < index && o.day === r.day && o.opens < r.closes && r.opens < o.closes);
    if (overlap >= 0) return { index, field: 'opens', message: `overlaps range ${overlap} of the same day` };
  }
  return null;
}

/** Monday 2024-01-01: a fixed week to name weekdays in any language. */
const mondayUtc = Date.UTC(2024, 0, 1, 12);

/**
 * One row per weekday, Monday first, in the language given: `{ day: 'Montag', hours: '09:00–13:00, 14:00–18:00' }`;
 * a day without ranges gets `closed` (the caller's word for it).
 *
 * @example formatOpeningHours([{ day: 'mon', opens: '09:00', closes: '18:00' }], 'de-DE', 'geschlossen')[0]
 *   // → { day: 'Montag', hours: '09:00–18:00' }
 */
export function formatOpeningHours(ranges: readonly OpeningRange[], language: string, closed: string): Array<{ day: string; hours: string }> {
  const dayName = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
  return weekdays.map((d, i) => {
    const today = ranges.filter((r) => r.day === d).sort((a, b) => (a.opens < b.opens ? -1 : 1));
    return { day: dayName.format(new Date(mondayUtc + i * 86_400_000)), hours: today.length ? today.map((r) => `${r.opens}–${r.closes}`).join(', ') : closed };
  });
}
