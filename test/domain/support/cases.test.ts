import { describe, expect, it } from 'vitest';
import { canCaseTransition, caseStatuses, caseTransitions, statusAfterCustomerMessage } from '../../../src/domain/support/case-states.js';
import { choosePolicy, clockAfterStatus, firstResponseDueAt, resolutionDueAt, slaState, startResolutionClock, type SlaPolicy } from '../../../src/domain/support/sla.js';
import { defaultCalendar } from '../../../src/domain/support/business-hours.js';
import { fillTemplate, unknownPlaceholders } from '../../../src/domain/support/reply-template.js';
import { findCaseNumber, replySubject } from '../../../src/domain/support/case-reference.js';
import { atLocalTime } from '../../../src/domain/local-time.js';

const H = 3_600_000;
const cal = defaultCalendar('Europe/Berlin');
const at = (date: string, hhmm: string) => atLocalTime(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), 'Europe/Berlin');

describe('case state table', () => {
  it.each([
    ['open', 'pending', true],
    ['open', 'resolved', true],
    ['pending', 'open', true],
    ['pending', 'resolved', true],
    ['resolved', 'open', true],
    ['resolved', 'pending', false],
    ['open', 'open', false],
    ['resolved', 'resolved', false],
  ] as const)('%s → %s: %s', (from, to, ok) => expect(canCaseTransition(from, to)).toBe(ok));

  it('every state has an exit, and a customer message reopens pending and resolved cases', () => {
    for (const s of caseStatuses) expect(caseTransitions[s].length).toBeGreaterThan(0);
    expect(statusAfterCustomerMessage('open')).toBeNull();
    expect(statusAfterCustomerMessage('pending')).toBe('open');
    expect(statusAfterCustomerMessage('resolved')).toBe('open');
  });
});

describe('SLA policies and clocks', () => {
  const policies: SlaPolicy[] = [
    { category: '*', priority: '*', firstResponseMinutes: 480, resolutionMinutes: 2400 },
    { category: '*', priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 480 },
    { category: 'delivery', priority: '*', firstResponseMinutes: 240, resolutionMinutes: 960 },
    { category: 'delivery', priority: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 240 },
  ];
  it.each([
    ['delivery', 'urgent', 30],
    ['delivery', 'normal', 240],
    ['payment', 'urgent', 60],
    ['payment', 'low', 480],
  ] as const)('%s / %s → first response in %i min', (c, p, m) => expect(choosePolicy(policies, c, p)?.firstResponseMinutes).toBe(m));
  it('no policy → null', () => expect(choosePolicy([policies[3]!], 'payment', 'low')).toBeNull());

  it('the resolution clock pauses while pending and keeps the business time used', () => {
    // Opened Friday 15:00, 8 business hours to resolve. Pending from Friday 16:00 to Tuesday 10:00 (customer away).
    let clock = startResolutionClock(at('2026-03-06', '15:00'));
    expect(resolutionDueAt(cal, clock, 480)!.toISOString()).toBe(at('2026-03-09', '15:00').toISOString());
    clock = clockAfterStatus(cal, clock, 'pending', at('2026-03-06', '16:00'));
    expect(clock).toEqual({ elapsedMs: H, runningSince: null });
    expect(resolutionDueAt(cal, clock, 480)).toBeNull();
    clock = clockAfterStatus(cal, clock, 'open', at('2026-03-10', '10:00'));
    // 7 business hours left from Tuesday 10:00 → Tuesday 17:00.
    expect(resolutionDueAt(cal, clock, 480)!.toISOString()).toBe(at('2026-03-10', '17:00').toISOString());
  });

  it('first response counts business hours over the weekend and does not pause', () => {
    expect(firstResponseDueAt(cal, at('2026-03-06', '16:30'), 60).toISOString()).toBe(at('2026-03-09', '09:30').toISOString());
  });

  it('SLA state', () => {
    const now = new Date('2026-03-09T10:00:00Z');
    expect(slaState({ dueAt: new Date('2026-03-09T09:00:00Z'), doneAt: null, breachedAt: null }, now)).toBe('breached');
    expect(slaState({ dueAt: new Date('2026-03-09T10:30:00Z'), doneAt: null, breachedAt: null }, now)).toBe('due_soon');
    expect(slaState({ dueAt: new Date('2026-03-09T15:00:00Z'), doneAt: null, breachedAt: null }, now)).toBe('running');
    expect(slaState({ dueAt: null, doneAt: null, breachedAt: null }, now)).toBe('paused');
    expect(slaState({ dueAt: new Date('2026-03-09T09:00:00Z'), doneAt: new Date('2026-03-09T08:00:00Z'), breachedAt: null }, now)).toBe('met');
  });
});

describe('reply templates and case references', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(fillTemplate('Hi {{customer.name}}, about order {{ order.number }} ({{case.reference}}) {{x.y}}', { 'customer.name': 'Ada', 'order.number': '1001', 'case.reference': 'C-7' })).toBe('Hi Ada, about order 1001 (C-7) {{x.y}}');
    expect(unknownPlaceholders('{{customer.name}} {{order.total}}')).toEqual(['order.total']);
  });
  it('threads by subject tag or plus address', () => {
    expect(replySubject(7, 'Re: Where is my parcel?')).toBe('Where is my parcel? [C-7]');
    expect(replySubject(7, 'Where [C-7]')).toBe('Where [C-7]');
    expect(findCaseNumber('RE: Where is my parcel? [C-7]')).toBe(7);
    expect(findCaseNumber('Hello', ['Support <support+c-42@shop.example>'])).toBe(42);
    expect(findCaseNumber('Hello', ['support@shop.example'])).toBeNull();
  });
});
