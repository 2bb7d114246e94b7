import { describe, expect, it } from 'vitest';
import { addBusinessDays, mondayToFriday, type BusinessCalendar } from '../../../src/domain/shipping/calendar.js';
import { promiseFor, shipDate } from '../../../src/domain/shipping/promise.js';

const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', workdays: mondayToFriday, holidays: ['2026-12-24', '2026-12-25', '2026-12-31'] };
const carrier: BusinessCalendar = { timeZone: 'Europe/Berlin', workdays: mondayToFriday, holidays: ['2026-12-25', '2026-12-26'] };
const saturdayCarrier: BusinessCalendar = { ...carrier, workdays: [1, 2, 3, 4, 5, 6] };
const from = { calendar: berlin, cutoff: '14:00', processingDays: 0 };

// 2026-11-26 is a Thursday; Berlin is UTC+1 in November.
describe('promise dates (table)', () => {
  const cases: Array<{ name: string; at: string; processingDays?: number; transitDays: number; cal?: BusinessCalendar; start: string; ship: string; delivery: string; shifted: string | null }> = [
    { name: 'before the cut-off ships the same day', at: '2026-11-26T09:00:00Z', transitDays: 1, start: '2026-11-26', ship: '2026-11-26', delivery: '2026-11-27', shifted: null },
    { name: 'one minute before the cut-off still ships today', at: '2026-11-26T12:59:00Z', transitDays: 1, start: '2026-11-26', ship: '2026-11-26', delivery: '2026-11-27', shifted: null },
    { name: 'at the cut-off moves to the next business day', at: '2026-11-26T13:00:00Z', transitDays: 1, start: '2026-11-27', ship: '2026-11-27', delivery: '2026-11-30', shifted: 'after_cutoff' },
    { name: 'Friday after the cut-off skips the weekend', at: '2026-11-27T15:00:00Z', transitDays: 1, start: '2026-11-30', ship: '2026-11-30', delivery: '2026-12-01', shifted: 'after_cutoff' },
    { name: 'an order on Saturday starts on Monday', at: '2026-11-28T09:00:00Z', transitDays: 2, start: '2026-11-30', ship: '2026-11-30', delivery: '2026-12-02', shifted: 'non_business_day' },
    { name: 'Sunday 23:30 local is still Sunday (time zone, not UTC)', at: '2026-11-29T22:30:00Z', transitDays: 1, start: '2026-11-30', ship: '2026-11-30', delivery: '2026-12-01', shifted: 'non_business_day' },
    { name: 'Monday 00:30 local is Monday although UTC says Sunday', at: '2026-11-29T23:30:00Z', transitDays: 1, start: '2026-11-30', ship: '2026-11-30', delivery: '2026-12-01', shifted: null },
    { name: 'processing days count business days only', at: '2026-11-26T09:00:00Z', processingDays: 2, transitDays: 1, start: '2026-11-26', ship: '2026-11-30', delivery: '2026-12-01', shifted: null },
    { name: 'location holidays: Christmas Eve after cut-off starts on the 28th', at: '2026-12-23T14:00:00Z', transitDays: 1, start: '2026-12-28', ship: '2026-12-28', delivery: '2026-12-29', shifted: 'after_cutoff' },
    { name: 'carrier holidays stretch transit over Christmas', at: '2026-12-22T08:00:00Z', transitDays: 3, start: '2026-12-22', ship: '2026-12-22', delivery: '2026-12-28', shifted: null },
    { name: 'a carrier that delivers on Saturdays', at: '2026-11-27T09:00:00Z', transitDays: 1, cal: saturdayCarrier, start: '2026-11-27', ship: '2026-11-27', delivery: '2026-11-28', shifted: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = promiseFor(new Date(c.at), { ...from, processingDays: c.processingDays ?? 0 }, { calendar: c.cal ?? carrier, transitDays: c.transitDays });
      expect(p).toEqual({ startDate: c.start, shipDate: c.ship, deliveryDate: c.delivery, shifted: c.shifted });
    });
  }

  it('follows daylight saving time in the location’s zone', () => {
    const ny: BusinessCalendar = { timeZone: 'America/New_York', workdays: mondayToFriday, holidays: [] };
    const f = { calendar: ny, cutoff: '14:00', processingDays: 0 };
    // 18:30Z is 13:30 in winter (UTC−5): before the cut-off …
    expect(shipDate(new Date('2026-11-02T18:30:00Z'), f).shipDate).toBe('2026-11-02');
    // … and 14:30 in summer (UTC−4): after it.
    expect(shipDate(new Date('2026-07-01T18:30:00Z'), f)).toEqual({ startDate: '2026-07-02', shipDate: '2026-07-02', shifted: 'after_cutoff' });
  });

  it('refuses calendars without working days and negative day counts', () => {
    expect(() => addBusinessDays({ timeZone: 'UTC', workdays: [], holidays: [] }, '2026-11-26', 1)).toThrow(/working weekday/);
    expect(() => addBusinessDays(berlin, '2026-11-26', -1)).toThrow(/non-negative/);
    expect(() => promiseFor(new Date(), { ...from, cutoff: '25:00' }, { calendar: carrier, transitDays: 1 })).toThrow(/24-hour/);
  });
});
