import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { ChannelOrder } from '../../domain/channels/channel-order.js';
import type { Db } from '../../platform/db/client.js';
import { channelOrders } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import type { ChannelOrderRow } from './channels.repository.js';

export const channelOrderJson = (r: ChannelOrderRow) => ({
  externalId: r.externalId,
  externalName: r.externalName,
  state: r.state,
  orderId: r.orderId,
  holdType: r.holdType,
  holdReason: r.holdReason,
  externalUpdatedAt: r.externalUpdatedAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function listChannelOrders(db: Db, connectionId: string, opts: { state?: 'placed' | 'held' | 'cancelled' | undefined; limit: number; before?: string | undefined }) {
  return db
    .select()
    .from(channelOrders)
    .where(and(eq(channelOrders.connectionId, connectionId), opts.state ? eq(channelOrders.state, opts.state) : undefined, opts.before ? lt(channelOrders.id, opts.before) : undefined))
    .orderBy(desc(channelOrders.id))
    .limit(opts.limit);
}

export async function getChannelOrder(db: Db, connectionId: string, externalId: string): Promise<ChannelOrderRow> {
  const [row] = await db.select().from(channelOrders).where(and(eq(channelOrders.connectionId, connectionId), eq(channelOrders.externalId, externalId)));
  if (!row) throw notFound('Channel order', externalId);
  return row;
}

/** Held channel orders (oldest first, at most 1,000) with a line whose channel SKU is one of `externalSkus`. */
export async function heldWaitingForSkus(db: Db, connectionId: string, externalSkus: ReadonlySet<string>): Promise<ChannelOrderRow[]> {
  const held = await db.select().from(channelOrders).where(and(eq(channelOrders.connectionId, connectionId), eq(channelOrders.state, 'held'))).orderBy(asc(channelOrders.createdAt)).limit(1000);
  return held.filter((r) => (r.normalized as ChannelOrder).lines.some((l) => externalSkus.has(l.externalSku)));
}
