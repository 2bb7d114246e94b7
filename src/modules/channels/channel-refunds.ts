import { and, desc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { channelRefunds } from '../../platform/db/schema/index.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { channelRefundSynced } from './channels.events.js';
import { lockChannelOrder, logSync, type ConnectionRow } from './channels.repository.js';

/** A refund made on the platform, as its webhook reports it (amount in minor units). */
export interface InboundRefund {
  externalRefundId: string;
  externalOrderId: string;
  amount: bigint;
  currency: string;
  lines: Array<{ externalLineId: string; quantity: number }>;
  note: string | null;
}

type RefundRow = typeof channelRefunds.$inferInsert;

/** Writes a synced refund and its `channel_refund.synced` event (the caller's transaction). */
export async function insertChannelRefund(tx: Db, ctx: Pick<Ctx, 'newId' | 'actor'> & { at: Date }, row: Omit<RefundRow, 'id' | 'createdAt'>): Promise<boolean> {
  const id = ctx.newId();
  const inserted = await tx.insert(channelRefunds).values({ ...row, id, createdAt: ctx.at }).onConflictDoNothing().returning({ id: channelRefunds.id });
  if (!inserted.length) return false;
  await enqueueEvents(tx, ctx, [
    newEvent(channelRefundSynced, id, {
      connectionId: row.connectionId,
      orderId: row.orderId,
      direction: row.direction,
      externalRefundId: row.externalRefundId ?? null,
      amount: { amount: Number(row.amount), currency: row.currency },
    }),
  ]);
  return true;
}

/**
 * Records a refund made on the platform (Shopify refunds/create, BigCommerce store/order/refund/created) against the Ordo order of its
 * channel order, in ONE transaction with its sync log row. The platform's refund id is unique per
 * connection: a repeated delivery, or the webhook echoing a refund Ordo pushed itself, is `duplicate`.
 */
export async function recordInboundRefund(ctx: Ctx, conn: ConnectionRow, topic: string, r: InboundRefund): Promise<{ outcome: 'recorded' | 'duplicate' | 'ignored'; orderId: string | null; reason: string | null }> {
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const log = (outcome: string, message: string | null) => logSync(tx, { connectionId: conn.id, at, direction: 'inbound', topic, externalId: r.externalOrderId, outcome, message });
    // A refund Ordo pushed carries its key (`[ordo-refund-…]`); its echo may arrive before the push is
    // recorded, so it is recognised by the key, not only by the refund id.
    if (r.note?.includes('[ordo-refund-')) {
      await log('duplicate', `refund ${r.externalRefundId} is Ordo's own push`);
      return { outcome: 'duplicate' as const, orderId: null, reason: null };
    }
    const co = await lockChannelOrder(tx, conn.id, r.externalOrderId);
    if (!co?.orderId) {
      const reason = `refund ${r.externalRefundId} is for order ${r.externalOrderId}, which Ordo has not placed`;
      await log('ignored', reason);
      return { outcome: 'ignored' as const, orderId: null, reason };
    }
    const fresh = await insertChannelRefund(tx, { ...ctx, at }, { connectionId: conn.id, orderId: co.orderId, direction: 'inbound', externalRefundId: r.externalRefundId, returnId: null, amount: r.amount, currency: r.currency, lines: r.lines, note: r.note });
    await log(fresh ? 'recorded' : 'duplicate', `refund ${r.externalRefundId}: ${r.amount} minor units ${r.currency}`);
    return { outcome: fresh ? ('recorded' as const) : ('duplicate' as const), orderId: co.orderId, reason: null };
  });
}

export async function listChannelRefunds(db: Db, connectionId: string, limit: number) {
  return db.select().from(channelRefunds).where(and(eq(channelRefunds.connectionId, connectionId))).orderBy(desc(channelRefunds.createdAt), desc(channelRefunds.id)).limit(limit);
}
