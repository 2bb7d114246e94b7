import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { AppError, notFound } from '../../platform/errors.js';
import { inventoryLevels, reservations } from '../../platform/db/schema/index.js';
import { insufficientStock, requireLocation, requireSku } from './inventory.repository.js';
import type { Keyed, SoftReservationInput } from './inventory.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { inventoryReservationCreated, inventoryReservationReleased } from './inventory.events.js';

export type ReservationRow = typeof reservations.$inferSelect;

export const toReservationJson = (r: ReservationRow) => ({
  id: r.id,
  sku: r.sku,
  locationCode: r.locationCode,
  quantity: r.quantity,
  state: r.state,
  reference: r.reference,
  orderId: r.orderId,
  expiresAt: r.expiresAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
export type ReservationJson = ReturnType<typeof toReservationJson>;

/**
 * Takes `quantity` out of available stock by one conditional UPDATE (never read-then-write), so
 * concurrent holds cannot oversell. `delta` may be negative to give reserved stock back; then the
 * guard is that reserved stays >= 0. Returns false when the guard refused.
 */
export async function changeReserved(tx: Db, k: { sku: string; locationCode: string }, delta: number, at: Date): Promise<boolean> {
  const l = inventoryLevels;
  const guard = delta > 0 ? sql`${l.onHand} - ${l.reserved} - ${l.safetyStock} >= ${delta}` : sql`${l.reserved} + ${delta} >= 0`;
  const rows = await tx
    .update(l)
    .set({ reserved: sql`${l.reserved} + ${delta}`, updatedAt: at })
    .where(and(eq(l.sku, k.sku), eq(l.locationCode, k.locationCode), guard))
    .returning({ sku: l.sku });
  return rows.length > 0;
}

/** A cart or manual hold with an expiry: state `soft` until released, expired or allocated by an order. */
export async function createSoftReservation(ctx: Ctx, input: Keyed<SoftReservationInput>) {
  const { idempotencyKey, ...request } = input;
  await requireSku(ctx.db, request.sku);
  await requireLocation(ctx.db, request.locationCode);
  const at = ctx.clock.now();
  return runIdempotent<ReservationJson>(ctx, { key: idempotencyKey, route: 'POST /inventory/reservations', request }, async (tx) => {
    if (!(await changeReserved(tx, request, request.quantity, at))) {
      throw await insufficientStock(tx, request.sku, request.locationCode, `reserve ${request.quantity}`);
    }
    const [row] = await tx
      .insert(reservations)
      .values({
        id: ctx.newId(),
        sku: request.sku,
        locationCode: request.locationCode,
        quantity: request.quantity,
        state: 'soft',
        reference: request.reference ?? null,
        expiresAt: new Date(at.getTime() + request.expiresInSeconds * 1000),
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    const json = toReservationJson(row!);
    await recordAudit(tx, { ...ctx, at }, { action: 'inventory.reservation_created', entityType: 'reservation', entityId: json.id, after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(inventoryReservationCreated, json.id, json)]);
    return { status: 201, body: json };
  });
}

export async function getReservation(db: Db, id: string): Promise<ReservationJson> {
  const [row] = await db.select().from(reservations).where(eq(reservations.id, id));
  if (!row) throw notFound('Reservation', id);
  return toReservationJson(row);
}

/**
 * Releases a soft hold. Releasing one already released is a no-op (DELETE is idempotent);
 * allocated and consumed reservations belong to orders and are refused.
 */
export async function releaseSoftReservation(ctx: Ctx, id: string): Promise<ReservationJson> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(reservations).where(eq(reservations.id, id)).for('update');
    if (!before) throw notFound('Reservation', id);
    if (before.state === 'released') return toReservationJson(before);
    if (before.state !== 'soft') {
      throw new AppError('illegal_transition', `Reservation ${id} is ${before.state}; release it through its order`, { state: before.state });
    }
    if (!(await changeReserved(tx, before, -before.quantity, at))) {
      throw new AppError('internal', `Reserved stock of ${before.sku} at ${before.locationCode} is below reservation ${id}`);
    }
    const [row] = await tx.update(reservations).set({ state: 'released', updatedAt: at }).where(eq(reservations.id, id)).returning();
    const json = toReservationJson(row!);
    await recordAudit(tx, { ...ctx, at }, { action: 'inventory.reservation_released', entityType: 'reservation', entityId: id, before: toReservationJson(before), after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(inventoryReservationReleased, id, json)]);
    return json;
  });
}
