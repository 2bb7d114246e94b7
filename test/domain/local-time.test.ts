import { describe, expect, it } from 'vitest';
import { addDays, isTimeZone, isoWeekday, localDate, startOfLocalDay } from '../../src/domain/local-time.js';

describe('local time helpers', () => {
  it.each([
    ['2026-03-12', 'Europe/Berlin', '2026-03-11T23:00:00.000Z'],
    ['2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'], // DST starts at 02:00 that day
    ['2026-03-30', 'Europe/Berlin', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'], // DST ends
    ['2026-10-26', 'Europe/Berlin', '2026-10-25T23:00:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-01-01', 'Asia/Kolkata', '2025-12-31T18:30:00.000Z'],
    ['2026-01-01', 'UTC', '2026-01-01T00:00:00.000Z'],
  ])('local midnight of %s in %s is %s', (date, tz, utc) => {
    expect(startOfLocalDay(date, tz).toISOString()).toBe(utc);
    expect(localDate(new Date(utc), tz)).toBe(date);
  });

  it('does calendar arithmetic and ISO weekdays', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(isoWeekday('2026-03-09')).toBe(1); // Monday
    expect(isoWeekday('2026-03-15')).toBe(7); // Sunday
  });

  it('knows IANA zones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
