import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import type { Clock } from '../../platform/clock.js';
import type { IdGenerator } from '../../platform/ids.js';
import { systemActor } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { AppError } from '../../platform/errors.js';
import { reservations } from '../../platform/db/schema/index.js';
import { byStockKey } from '../../domain/inventory.js';
import { changeReserved, toReservationJson } from './soft-reservations.js';
import { newEvent } from '../../platform/events/define.js';
import { inventoryReservationExpired } from './inventory.events.js';

const batchSize = 100;

/**
 * Releases every soft reservation whose expiry has passed and gives the stock back; returns how
 * many were released. Safe to run from several processes at once: each batch locks its
 * reservations with `for update skip locked`, so workers split the backlog instead of waiting, and
 * levels are updated in (sku, location) order.
 */
export async function releaseExpiredReservations(db: Db, deps: { clock: Clock; newId: IdGenerator }): Promise<number> {
  let total = 0;
  for (;;) {
    const released = await db.transaction(async (tx) => {
      const at = deps.clock.now();
      const due = await tx
        .select()
        .from(reservations)
        .where(and(eq(reservations.state, 'soft'), lte(reservations.expiresAt, at)))
        .orderBy(asc(reservations.expiresAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (due.length === 0) return 0;
      const sums = new Map<string, { sku: string; locationCode: string; quantity: number }>();
      for (const r of due) {
        const key = `${r.sku}\0${r.locationCode}`;
        const s = sums.get(key) ?? { sku: r.sku, locationCode: r.locationCode, quantity: 0 };
        s.quantity += r.quantity;
        sums.set(key, s);
      }
      for (const s of [...sums.values()].sort(byStockKey)) {
        if (!(await changeReserved(tx, s, -s.quantity, at))) {
          throw new AppError('internal', `Reserved stock of ${s.sku} at ${s.locationCode} is below its expiring reservations`);
        }
      }
      const rows = await tx
        .update(reservations)
        .set({ state: 'released', updatedAt: at })
        .where(inArray(reservations.id, due.map((r) => r.id)))
        .returning();
      const ctx = { actor: systemActor, newId: deps.newId, at };
      for (const row of rows) {
        const before = due.find((d) => d.id === row.id)!;
        await recordAudit(tx, ctx, { action: 'inventory.reservation_expired', entityType: 'reservation', entityId: row.id, before: toReservationJson(before), after: toReservationJson(row) });
      }
      await enqueueEvents(
        tx,
        ctx,
        rows.map((r) => (newEvent(inventoryReservationExpired, r.id, toReservationJson(r)))),
      );
      return rows.length;
    });
    total += released;
    if (released < batchSize) return total;
  }
}
