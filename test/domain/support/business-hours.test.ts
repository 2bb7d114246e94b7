import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addBusinessMs, businessMsBetween, calendarProblems, defaultCalendar, type BusinessCalendar } from '../../../src/domain/support/business-hours.js';
import { atLocalTime } from '../../../src/domain/local-time.js';

const H = 3_600_000;
const berlin = defaultCalendar('Europe/Berlin');
const at = (date: string, hhmm: string, tz = 'Europe/Berlin') => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return atLocalTime(date, h * 60 + m, tz);
};

describe('business hours: Mon–Fri 09:00–17:00 Europe/Berlin', () => {
  it.each([
    // [label, start, hours to add, expected local due]
    ['within the day', ['2026-03-04', '10:00'], 3, ['2026-03-04', '13:00']],
    ['ends exactly at closing', ['2026-03-04', '09:00'], 8, ['2026-03-04', '17:00']],
    ['Friday afternoon over the weekend', ['2026-03-06', '16:00'], 4, ['2026-03-09', '12:00']],
    ['opened on Saturday: starts Monday 09:00', ['2026-03-07', '11:00'], 2, ['2026-03-09', '11:00']],
    ['opened Sunday night', ['2026-03-08', '23:30'], 8, ['2026-03-09', '17:00']],
    ['opened before opening time', ['2026-03-04', '06:00'], 1, ['2026-03-04', '10:00']],
    ['opened after closing', ['2026-03-04', '19:00'], 1, ['2026-03-05', '10:00']],
    ['a full week of 40 h from Monday 09:00', ['2026-03-02', '09:00'], 40, ['2026-03-06', '17:00']],
    // Spring forward: Sunday 2026-03-29 02:00 → 03:00. Friday 16:00 + 4 h is Monday 12:00 local, 71 h of real time later.
    ['over the spring DST weekend', ['2026-03-27', '16:00'], 4, ['2026-03-30', '12:00']],
    // Fall back: Sunday 2026-10-25 03:00 → 02:00.
    ['over the autumn DST weekend', ['2026-10-23', '15:00'], 5, ['2026-10-26', '12:00']],
  ] as const)('%s', (_label, [d, t], hours, [ed, et]) => {
    expect(addBusinessMs(berlin, at(d, t), hours * H).toISOString()).toBe(at(ed, et).toISOString());
  });

  it('the spring DST weekend lasts one real hour less, but counts the same business hours', () => {
    const from = at('2026-03-27', '16:00');
    const to = at('2026-03-30', '12:00');
    expect(to.getTime() - from.getTime()).toBe(67 * H); // 68 wall-clock hours, one skipped
    expect(businessMsBetween(berlin, from, to)).toBe(4 * H);
  });

  it('a day of the DST switch is still 8 business hours when it is a working day (New York, spring switch on Sunday 2026-03-08)', () => {
    const ny = defaultCalendar('America/New_York');
    // US spring switch 2026-03-08 (Sunday); Monday 09:00 EDT = 13:00Z, the Friday before 09:00 EST = 14:00Z.
    expect(at('2026-03-09', '09:00', 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(businessMsBetween(ny, at('2026-03-06', '09:00', 'America/New_York'), at('2026-03-09', '17:00', 'America/New_York'))).toBe(16 * H);
  });

  it('holidays have no hours', () => {
    const cal: BusinessCalendar = { ...berlin, holidays: ['2026-04-03', '2026-04-06'] }; // Good Friday, Easter Monday
    expect(addBusinessMs(cal, at('2026-04-02', '15:00'), 3 * H).toISOString()).toBe(at('2026-04-07', '10:00').toISOString());
    expect(businessMsBetween(cal, at('2026-04-02', '09:00'), at('2026-04-08', '09:00'))).toBe(16 * H);
  });

  it('split days (lunch break) and a Saturday morning', () => {
    const cal: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      week: { mon: [{ open: '08:00', close: '12:00' }, { open: '13:00', close: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [{ open: '10:00', close: '14:00' }], sun: [] },
      holidays: [],
    };
    expect(addBusinessMs(cal, at('2026-03-09', '11:00'), 2 * H).toISOString()).toBe(at('2026-03-09', '14:00').toISOString());
    expect(addBusinessMs(cal, at('2026-03-09', '16:00'), 2 * H).toISOString()).toBe(at('2026-03-14', '11:00').toISOString());
    expect(businessMsBetween(cal, at('2026-03-09', '00:00'), at('2026-03-16', '00:00'))).toBe(12 * H);
  });

  it('a time zone east of UTC whose local day starts on the previous UTC day (Pacific/Auckland)', () => {
    const nz = defaultCalendar('Pacific/Auckland');
    // Monday 09:00 NZDT = Sunday 20:00Z.
    const mon9 = at('2026-03-02', '09:00', 'Pacific/Auckland');
    expect(mon9.toISOString()).toBe('2026-03-01T20:00:00.000Z');
    expect(addBusinessMs(nz, new Date('2026-03-01T12:00:00Z'), H).toISOString()).toBe('2026-03-01T21:00:00.000Z');
  });

  it('validates calendars', () => {
    expect(calendarProblems(berlin)).toEqual([]);
    const bad = { week: { mon: [{ open: '17:00', close: '09:00' }], tue: [{ open: '09:00', close: '12:00' }, { open: '11:00', close: '13:00' }], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(calendarProblems(bad).map((p) => p.path)).toEqual(['week.mon.0.close', 'week.tue.1.open']);
    expect(calendarProblems({ week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } })).toEqual([{ path: 'week', message: 'must have opening hours on at least one day' }]);
  });
});

describe('business hours: properties (any start in 2026, Berlin and New York)', () => {
  const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 20) }).map((t) => new Date(t));
  const cal = fc.constantFrom(berlin, defaultCalendar('America/New_York'), defaultCalendar('UTC'));

  it('adding N business ms then measuring gives N back', () => {
    fc.assert(
      fc.property(cal, instant, fc.integer({ min: 1, max: 200 * H }), (c, start, ms) => {
        expect(businessMsBetween(c, start, addBusinessMs(c, start, ms))).toBe(ms);
      }),
      { numRuns: 150 },
    );
  });

  it('business time between two instants is additive and never more than real time', () => {
    fc.assert(
      fc.property(cal, instant, fc.integer({ min: 0, max: 20 * 24 * H }), fc.integer({ min: 0, max: 20 * 24 * H }), (c, a, x, y) => {
        const b = new Date(a.getTime() + x);
        const d = new Date(b.getTime() + y);
        const ab = businessMsBetween(c, a, b);
        expect(ab).toBeLessThanOrEqual(x);
        expect(ab + businessMsBetween(c, b, d)).toBe(businessMsBetween(c, a, d));
      }),
      { numRuns: 150 },
    );
  });

  it('a due time always falls within opening hours (Mon–Fri 09:00–17:00 local)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 100 * H }), (start, ms) => {
        const due = addBusinessMs(berlin, start, ms);
        const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(due);
        const p = Object.fromEntries(local.map((x) => [x.type, x.value]));
        expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(p.weekday);
        const minutes = Number(p.hour) * 60 + Number(p.minute);
        expect(minutes).toBeGreaterThan(9 * 60 - 1);
        expect(minutes).toBeLessThanOrEqual(17 * 60);
      }),
      { numRuns: 150 },
    );
  });
});
