import { addBusinessMs, businessMsBetween, type BusinessCalendar } from './business-hours.js';
import { resolutionClockRuns, type CaseCategory, type CasePriority, type CaseStatus } from './case-states.js';

/**
 * SLA targets of support cases (pure), the way mature helpdesks count them: both targets in business
 * minutes of the support calendar; the first-response clock runs from opening until the first agent
 * reply and never pauses; the resolution clock runs while the case is `open` and pauses while it is
 * `pending` (waiting on the customer) or resolved, keeping the business time already used.
 */
export interface SlaPolicy {
  /** `*` matches any category / priority. */
  category: CaseCategory | '*';
  priority: CasePriority | '*';
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export type SlaTargets = Pick<SlaPolicy, 'firstResponseMinutes' | 'resolutionMinutes'>;

/** The most specific policy for a case: category + priority, then category, then priority, then `*`/`*`; null when none applies. */
export function choosePolicy(policies: readonly SlaPolicy[], category: CaseCategory, priority: CasePriority): SlaPolicy | null {
  const rank = (p: SlaPolicy) => (p.category === category ? 2 : p.category === '*' ? 0 : -10) + (p.priority === priority ? 1 : p.priority === '*' ? 0 : -10);
  let best: SlaPolicy | null = null;
  for (const p of policies) if (rank(p) >= 0 && (!best || rank(p) > rank(best))) best = p;
  return best;
}

/** The resolution clock: business time used so far, and since when it runs (null while paused). */
export interface ResolutionClock {
  elapsedMs: number;
  runningSince: Date | null;
}

export const startResolutionClock = (at: Date): ResolutionClock => ({ elapsedMs: 0, runningSince: at });

/** The clock after the case moved to `to` at `at`: paused (time used added up) or running again. */
export function clockAfterStatus(cal: BusinessCalendar, clock: ResolutionClock, to: CaseStatus, at: Date): ResolutionClock {
  const runs = resolutionClockRuns(to);
  if (clock.runningSince && !runs) return { elapsedMs: clock.elapsedMs + businessMsBetween(cal, clock.runningSince, at), runningSince: null };
  if (!clock.runningSince && runs) return { elapsedMs: clock.elapsedMs, runningSince: at };
  return clock;
}

/** When the resolution target is due on this clock (null while paused); already used up → due when it resumed. */
export function resolutionDueAt(cal: BusinessCalendar, clock: ResolutionClock, resolutionMinutes: number): Date | null {
  if (!clock.runningSince) return null;
  return addBusinessMs(cal, clock.runningSince, Math.max(0, resolutionMinutes * 60_000 - clock.elapsedMs));
}

export const firstResponseDueAt = (cal: BusinessCalendar, openedAt: Date, firstResponseMinutes: number): Date => addBusinessMs(cal, openedAt, firstResponseMinutes * 60_000);

export type SlaState = 'met' | 'paused' | 'running' | 'due_soon' | 'breached';

/** How a target stands at `now`: met (done in time or late), breached, due within `soonMs`, running, or paused (no due time). */
export function slaState(t: { dueAt: Date | null; doneAt: Date | null; breachedAt: Date | null }, now: Date, soonMs = 3_600_000): SlaState {
  if (t.breachedAt || (t.dueAt && !t.doneAt && t.dueAt.getTime() <= now.getTime())) return 'breached';
  if (t.doneAt) return 'met';
  if (!t.dueAt) return 'paused';
  return t.dueAt.getTime() - now.getTime() <= soonMs ? 'due_soon' : 'running';
}
