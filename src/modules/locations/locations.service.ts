import { asc, eq, gt } from 'drizzle-orm';
import { locations } from '../../platform/db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, notFound, validation } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import type { Db } from '../../platform/db/client.js';
import { runIdempotent, type Outcome } from '../../platform/idempotency.js';
import type { CreateLocationInput, LocationJson, UpdateLocationInput } from './locations.schemas.js';
import { sourcingColumns, sourcingJson } from './location-sourcing.js';
import { newEvent } from '../../platform/events/define.js';
import { locationCreated, locationUpdated } from './locations.events.js';

const currencyOf = (ctx: { sourcing?: { currency: string } | undefined }) => ctx.sourcing?.currency ?? 'EUR';

type Row = typeof locations.$inferSelect;

export const toLocationJson = (r: Row, currency: string): LocationJson => ({
  code: r.code,
  name: r.name,
  type: r.type as LocationJson['type'],
  address: r.address as unknown as Record<string, unknown>,
  latitude: r.latitude,
  longitude: r.longitude,
  canShip: r.canShip,
  canPickup: r.canPickup,
  priority: r.priority,
  dailyOrderCapacity: r.dailyOrderCapacity,
  processingTimeHours: r.processingTimeHours,
  active: r.active,
  openingHours: r.openingHours,
  sourcing: sourcingJson(r, currency),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function getLocation(db: Db, code: string): Promise<Row> {
  const [row] = await db.select().from(locations).where(eq(locations.code, code));
  if (!row) throw notFound('Location', code);
  return row;
}

/** The store of a POS sale or counter return: an active location of type `store` that serves customers in person (canPickup). */
export async function requireStore(db: Db, code: string, path = 'locationCode'): Promise<Row> {
  const [row] = await db.select().from(locations).where(eq(locations.code, code));
  const problem = !row ? 'is not a known location' : row.type !== 'store' || !row.active ? 'is not an active store' : !row.canPickup ? 'is a store that does not serve customers in person (canPickup is false)' : null;
  if (problem) throw validation([{ path, message: problem }]);
  return row!;
}

/** Creates a location; with an Idempotency-Key a retry gets the first response instead of a 409. */
export async function createLocation(ctx: Ctx, input: CreateLocationInput, idempotencyKey?: string): Promise<Outcome<LocationJson> & { replayed: boolean }> {
  const at = ctx.clock.now();
  const { sourcing, ...fields } = input;
  const extra = sourcingColumns(sourcing ?? {}, currencyOf(ctx));
  return runIdempotent(ctx, { key: idempotencyKey, route: 'POST /locations', request: input }, async (tx) => {
    const [row] = await tx
      .insert(locations)
      .values({ ...fields, ...extra, createdAt: at, updatedAt: at })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('duplicate', `Location ${input.code} already exists`, { errors: [{ path: 'code', message: 'is already taken' }] });
    const json = toLocationJson(row, currencyOf(ctx));
    await recordAudit(tx, { ...ctx, at }, { action: 'location.created', entityType: 'location', entityId: row.code, after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(locationCreated, row.code, json)]);
    return { status: 201, body: json };
  });
}

export async function updateLocation(ctx: Ctx, code: string, patch: UpdateLocationInput): Promise<LocationJson> {
  const at = ctx.clock.now();
  const { sourcing, ...fields } = patch;
  const extra = sourcingColumns(sourcing ?? {}, currencyOf(ctx));
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(locations).where(eq(locations.code, code)).for('update');
    if (!before) throw notFound('Location', code);
    const changes = { ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), ...extra };
    const [row] = await tx.update(locations).set({ ...changes, updatedAt: at }).where(eq(locations.code, code)).returning();
    const json = toLocationJson(row!, currencyOf(ctx));
    await recordAudit(tx, { ...ctx, at }, { action: 'location.updated', entityType: 'location', entityId: code, before: toLocationJson(before, currencyOf(ctx)), after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(locationUpdated, code, { code, changes: { ...fields, ...(sourcing ? { sourcing } : {}) } })]);
    return json;
  });
}

export async function listLocations(db: Db, q: { limit: number; after?: string | undefined; currency: string }): Promise<LocationJson[]> {
  const rows = await db
    .select()
    .from(locations)
    .where(q.after ? gt(locations.code, q.after) : undefined)
    .orderBy(asc(locations.code))
    .limit(q.limit);
  return rows.map((r) => toLocationJson(r, q.currency));
}
