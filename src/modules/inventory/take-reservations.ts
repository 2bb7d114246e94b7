import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { reservations } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { changeReserved } from './soft-reservations.js';
import { reservationsOfLine } from './reservations.js';

export interface TakeInput {
  orderLineId: string;
  sku: string;
  locationCode: string;
  quantity: number;
  at: Date;
}

/**
 * Takes `quantity` units out of the allocated reservations of one order line at ONE location
 * (unlike releaseLineAllocation, which walks every location of the line). A fully taken row moves to
 * `to`; a partly taken one shrinks and, for consumption, the taken part is kept as its own consumed
 * row so the history stays. The level's reserved count drops by the same amount. Throws when the
 * line holds fewer units there (the fulfillment order and the reservations disagree).
 */
export async function takeReservations(tx: Db, input: TakeInput, to: 'released' | 'consumed', newId: () => string): Promise<void> {
  if (input.quantity <= 0) return;
  const held = await tx
    .select()
    .from(reservations)
    .where(and(reservationsOfLine(input.orderLineId), eq(reservations.locationCode, input.locationCode)))
    .orderBy(asc(reservations.createdAt), asc(reservations.id))
    .for('update');
  const total = held.reduce((s, r) => s + r.quantity, 0);
  if (total < input.quantity) {
    throw new AppError('conflict', `Only ${total} of ${input.sku} are still reserved for this line at ${input.locationCode}, not ${input.quantity}; the order changed (cancelled?)`);
  }
  let left = input.quantity;
  for (const r of held) {
    if (left === 0) break;
    const n = Math.min(left, r.quantity);
    left -= n;
    if (n === r.quantity) {
      await tx.update(reservations).set({ state: to, updatedAt: input.at }).where(eq(reservations.id, r.id));
    } else {
      await tx.update(reservations).set({ quantity: r.quantity - n, updatedAt: input.at }).where(eq(reservations.id, r.id));
      if (to === 'consumed') {
        await tx.insert(reservations).values({ ...r, id: newId(), quantity: n, state: 'consumed', createdAt: input.at, updatedAt: input.at });
      }
    }
  }
  if (!(await changeReserved(tx, input, -input.quantity, input.at))) {
    throw new AppError('internal', `Reserved count of ${input.sku} at ${input.locationCode} is below its reservations`);
  }
}

/** Records allocated reservations whose units `reservePlanned` already counted as reserved on the levels. */
export async function insertReservations(tx: Db, rows: Array<typeof reservations.$inferInsert>): Promise<void> {
  if (rows.length) await tx.insert(reservations).values(rows);
}
