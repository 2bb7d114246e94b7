import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { supportSettings, supportSlaPolicies } from '../../platform/db/schema/index.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { recordAudit } from '../../platform/audit.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { defaultCalendar, type BusinessCalendar, type Weekday } from '../../domain/support/business-hours.js';
import type { SlaPolicy } from '../../domain/support/sla.js';
import { supportSettingsUpdated } from './support.events.js';
import type { BusinessHoursInput } from './support.schemas.js';

/** Until an admin sets them: one business day to the first reply, five to resolve, any category and priority. */
export const defaultSlaPolicies: SlaPolicy[] = [{ category: '*', priority: '*', firstResponseMinutes: 480, resolutionMinutes: 2400 }];

export interface SupportCalendar extends BusinessCalendar {
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The support calendar; without a stored one Mon–Fri 09:00–17:00 in the shop's time zone (ORDO_TIME_ZONE). */
export async function loadCalendar(db: Db, shopTimeZone = 'UTC'): Promise<SupportCalendar> {
  const [row] = await db.select().from(supportSettings).where(eq(supportSettings.id, 1));
  if (!row) return { ...defaultCalendar(shopTimeZone), updatedAt: null, updatedBy: null };
  return { timeZone: row.timeZone, week: row.week as Record<Weekday, Array<{ open: string; close: string }>>, holidays: row.holidays, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

export const calendarJson = (c: SupportCalendar) => ({ timeZone: c.timeZone, week: c.week as BusinessHoursInput['week'], holidays: [...c.holidays], updatedAt: c.updatedAt?.toISOString() ?? null, updatedBy: c.updatedBy });

export async function putBusinessHours(ctx: Ctx, input: BusinessHoursInput) {
  const at = ctx.clock.now();
  const by = actorLabel(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const before = await loadCalendar(tx, ctx.timeZone);
    const values = { timeZone: input.timeZone, week: input.week, holidays: [...new Set(input.holidays)].sort(), updatedBy: by, updatedAt: at };
    await tx.insert(supportSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: supportSettings.id, set: values });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(supportSettingsUpdated, 'business_hours', { what: 'business_hours', updatedBy: by })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'support.business_hours_updated', entityType: 'support_settings', entityId: '1', before: calendarJson(before), after: values });
  });
  return calendarJson(await loadCalendar(ctx.db, ctx.timeZone));
}

export async function loadPolicies(db: Db): Promise<SlaPolicy[]> {
  const rows = await db.select().from(supportSlaPolicies).orderBy(asc(supportSlaPolicies.category), asc(supportSlaPolicies.priority));
  if (!rows.length) return defaultSlaPolicies;
  return rows.map((r) => ({ category: r.category as SlaPolicy['category'], priority: r.priority as SlaPolicy['priority'], firstResponseMinutes: r.firstResponseMinutes, resolutionMinutes: r.resolutionMinutes }));
}

/** Replaces the SLA policies. Open cases keep the targets they were opened with (as helpdesks do). */
export async function putPolicies(ctx: Ctx, policies: SlaPolicy[]): Promise<{ policies: SlaPolicy[] }> {
  const at = ctx.clock.now();
  const by = actorLabel(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const before = await loadPolicies(tx);
    await tx.delete(supportSlaPolicies);
    if (policies.length) await tx.insert(supportSlaPolicies).values(policies.map((p) => ({ id: ctx.newId(), ...p, updatedAt: at })));
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(supportSettingsUpdated, 'sla_policies', { what: 'sla_policies', updatedBy: by })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'support.sla_policies_updated', entityType: 'support_settings', entityId: 'sla_policies', before, after: policies });
  });
  return { policies: await loadPolicies(ctx.db) };
}
