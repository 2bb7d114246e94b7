import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { locationShippingProfiles, locations } from '../../platform/db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { mondayToFriday } from '../../domain/shipping/calendar.js';
import type { ShipFrom } from '../../domain/shipping/promise.js';
import type { putShippingProfileBody, ShippingProfileJson } from './shipping.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { locationShippingProfileUpdated } from './shipping.events.js';

/** A location without a profile works Monday to Friday in UTC with a 14:00 cut-off. */
export const defaultProfile = (locationCode: string): ShippingProfileJson => ({
  locationCode,
  timeZone: 'UTC',
  cutoff: '14:00',
  processingDays: 0,
  workdays: [...mondayToFriday],
  holidays: [],
  updatedAt: null,
});

type Row = typeof locationShippingProfiles.$inferSelect;
const toJson = (r: Row): ShippingProfileJson => ({ ...r, updatedAt: r.updatedAt.toISOString() });

/** A location's profile from its row, or the default when it has none (the row read by a caller's own join). */
export const profileOf = (locationCode: string, row: Row | null | undefined): ShippingProfileJson => (row ? toJson(row) : defaultProfile(locationCode));

export async function getShippingProfile(db: Db, locationCode: string): Promise<ShippingProfileJson> {
  const [loc] = await db.select({ code: locations.code }).from(locations).where(eq(locations.code, locationCode));
  if (!loc) throw notFound('Location', locationCode);
  const [row] = await db.select().from(locationShippingProfiles).where(eq(locationShippingProfiles.locationCode, locationCode));
  return profileOf(locationCode, row);
}

export async function putShippingProfile(ctx: Ctx, locationCode: string, input: z.output<typeof putShippingProfileBody>): Promise<ShippingProfileJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [loc] = await tx.select({ code: locations.code }).from(locations).where(eq(locations.code, locationCode));
    if (!loc) throw notFound('Location', locationCode);
    const [before] = await tx.select().from(locationShippingProfiles).where(eq(locationShippingProfiles.locationCode, locationCode)).for('update');
    const values = { ...input, locationCode, updatedAt: at };
    const [row] = await tx.insert(locationShippingProfiles).values(values).onConflictDoUpdate({ target: locationShippingProfiles.locationCode, set: values }).returning();
    const json = toJson(row!);
    await recordAudit(tx, { ...ctx, at }, { action: 'location.shipping_profile_updated', entityType: 'location', entityId: locationCode, before: before ? toJson(before) : null, after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(locationShippingProfileUpdated, locationCode, json)]);
    return json;
  });
}

export const shipFromOf = (p: ShippingProfileJson): ShipFrom => ({
  calendar: { timeZone: p.timeZone, workdays: p.workdays, holidays: p.holidays },
  cutoff: p.cutoff,
  processingDays: p.processingDays,
});
