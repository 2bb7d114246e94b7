import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { channelOrders } from '../../platform/db/schema/index.js';
import type { ChannelOrder } from '../../domain/channels/channel-order.js';
import { lockChannelOrder, type ChannelOrderRow, type ConnectionRow } from './channels.repository.js';

/** Inserts the (connection, external id) row if absent, then locks it; returns the row as it was before, if any. */
export async function claimChannelOrder(tx: Db, ctx: Pick<Ctx, 'newId' | 'clock'>, conn: ConnectionRow, order: ChannelOrder): Promise<{ id: string; before?: ChannelOrderRow | undefined }> {
  const id = ctx.newId();
  const at = ctx.clock.now();
  const inserted = await tx
    .insert(channelOrders)
    .values({ id, connectionId: conn.id, externalId: order.externalId, externalName: order.externalName ?? null, externalUpdatedAt: new Date(order.updatedAt), state: 'held', normalized: order, createdAt: at, updatedAt: at })
    .onConflictDoNothing()
    .returning({ id: channelOrders.id });
  if (inserted.length) return { id };
  const before = await lockChannelOrder(tx, conn.id, order.externalId);
  return { id: before!.id, before };
}

/** Records the applied version of a channel order: its Ordo order, state and (for a data hold) the reason. */
export async function recordChannelOrderApplied(
  tx: Db,
  rowId: string,
  v: { externalUpdatedAt: Date; externalName: string | null; normalized: ChannelOrder; orderId: string | null; state: 'held' | 'cancelled' | 'placed'; holdReason: string | null; at: Date },
): Promise<void> {
  await tx
    .update(channelOrders)
    .set({
      externalUpdatedAt: v.externalUpdatedAt,
      externalName: v.externalName,
      normalized: v.normalized,
      orderId: v.orderId,
      state: v.state,
      holdType: v.state === 'held' ? 'data' : null,
      holdReason: v.holdReason,
      updatedAt: v.at,
    })
    .where(eq(channelOrders.id, rowId));
}
