import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { carrierServices, carriers } from '../../platform/db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import type { CarrierJson, createCarrierBody, createServiceBody, ServiceJson, updateCarrierBody, updateServiceBody } from './shipping.schemas.js';
import { newEvent, type EventDefinition } from '../../platform/events/define.js';
import { carrierCreated, carrierServiceCreated, carrierServiceUpdated, carrierUpdated } from './shipping.events.js';

type CarrierRow = typeof carriers.$inferSelect;
type ServiceRow = typeof carrierServices.$inferSelect;

export const toCarrierJson = (r: CarrierRow): CarrierJson => ({
  code: r.code,
  name: r.name,
  adapter: r.adapter,
  trackingFormat: r.trackingFormat,
  trackingPrefix: r.trackingPrefix,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const toServiceJson = (r: ServiceRow): ServiceJson => ({
  carrierCode: r.carrierCode,
  code: r.code,
  name: r.name,
  level: r.level,
  rates: r.rates as ServiceJson['rates'],
  transitDays: r.transitDays,
  calendar: r.calendar,
  active: r.active,
});

/** One audited, announced change of the carrier catalog, in one transaction. */
async function changed(tx: Db, ctx: Ctx, at: Date, e: { event: EventDefinition; id: string; before?: unknown; after: unknown }) {
  await recordAudit(tx, { ...ctx, at }, { action: e.event.type, entityType: e.event.aggregateType, entityId: e.id, before: e.before, after: e.after });
  await enqueueEvents(tx, { ...ctx, at }, [newEvent(e.event, e.id, { id: e.id, after: e.after })]);
}

export async function createCarrier(ctx: Ctx, input: z.output<typeof createCarrierBody>): Promise<CarrierJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(carriers).values({ ...input, createdAt: at, updatedAt: at }).onConflictDoNothing().returning();
    if (!row) throw new AppError('duplicate', `Carrier ${input.code} already exists`, { errors: [{ path: 'code', message: 'is already taken' }] });
    const json = toCarrierJson(row);
    await changed(tx, ctx, at, { event: carrierCreated, id: row.code, after: json });
    return json;
  });
}

export async function updateCarrier(ctx: Ctx, code: string, patch: z.output<typeof updateCarrierBody>): Promise<CarrierJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(carriers).where(eq(carriers.code, code)).for('update');
    if (!before) throw notFound('Carrier', code);
    const [row] = await tx.update(carriers).set({ ...definedOnly(patch), updatedAt: at }).where(eq(carriers.code, code)).returning();
    const json = toCarrierJson(row!);
    await changed(tx, ctx, at, { event: carrierUpdated, id: code, before: toCarrierJson(before), after: json });
    return json;
  });
}

export async function listCarriers(db: Db): Promise<CarrierJson[]> {
  return (await db.select().from(carriers).orderBy(asc(carriers.code))).map(toCarrierJson);
}

export async function createService(ctx: Ctx, carrierCode: string, input: z.output<typeof createServiceBody>): Promise<ServiceJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [carrier] = await tx.select().from(carriers).where(eq(carriers.code, carrierCode));
    if (!carrier) throw notFound('Carrier', carrierCode);
    const [row] = await tx.insert(carrierServices).values({ ...input, carrierCode, createdAt: at, updatedAt: at }).onConflictDoNothing().returning();
    if (!row) throw new AppError('duplicate', `Service ${carrierCode}/${input.code} already exists`, { errors: [{ path: 'code', message: 'is already taken' }] });
    const json = toServiceJson(row);
    await changed(tx, ctx, at, { event: carrierServiceCreated, id: `${carrierCode}/${row.code}`, after: json });
    return json;
  });
}

export async function updateService(ctx: Ctx, carrierCode: string, code: string, patch: z.output<typeof updateServiceBody>): Promise<ServiceJson> {
  const at = ctx.clock.now();
  const where = and(eq(carrierServices.carrierCode, carrierCode), eq(carrierServices.code, code));
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(carrierServices).where(where).for('update');
    if (!before) throw notFound('Service', `${carrierCode}/${code}`);
    const [row] = await tx.update(carrierServices).set({ ...definedOnly(patch), updatedAt: at }).where(where).returning();
    const json = toServiceJson(row!);
    await changed(tx, ctx, at, { event: carrierServiceUpdated, id: `${carrierCode}/${code}`, before: toServiceJson(before), after: json });
    return json;
  });
}

export async function listServices(db: Db, carrierCode?: string): Promise<ServiceJson[]> {
  const rows = await db
    .select()
    .from(carrierServices)
    .where(carrierCode ? eq(carrierServices.carrierCode, carrierCode) : undefined)
    .orderBy(asc(carrierServices.carrierCode), asc(carrierServices.code));
  return rows.map(toServiceJson);
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
