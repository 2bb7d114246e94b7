import { and, desc, eq, lt } from 'drizzle-orm';
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
