import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { channelOrders, channelRefunds } from '../../platform/db/schema/index.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { systemActor } from '../../platform/auth/roles.js';
import type { ChannelOrder } from '../../domain/channels/channel-order.js';
import { channelRefundPushRefused, channelRefundSynced } from './channels.events.js';
import { findChannelOrderByOrderId, loadConnection, logSync } from './channels.repository.js';
import { credentialsOf } from './save-connection.js';
import { ChannelApiError } from './connectors/shopify-admin.js';
import { outboundConnectors } from './connectors/outbound.js';
import { refundKeyOf, type RefundProgress, type RefundPush } from './connectors/refund-push.js';
import { refundLinesOfReturn } from './refund-lines.js';

/**
 * Step 1, in the transaction that takes `return.completed`: decides whether the return's unrefunded
 * value goes back on the platform and, if so, records the push as `pending` with its idempotency key
 * (derived from the return) BEFORE anything is sent. Nothing leaves Ordo in this transaction, so it
 * can fail or be retried freely. Returns whether a push was recorded.
 */
export async function reserveRefundPush(tx: Db, deps: Deps, p: { returnId: string; orderId: string; notRefundable: { amount: number; currency: string } }): Promise<boolean> {
  if (p.notRefundable.amount <= 0) return false;
  const found = await findChannelOrderByOrderId(tx, p.orderId);
  const connector = found && outboundConnectors[found.conn.type];
  if (!found || !connector?.refund || !found.conn.active) return false;
  const amount = BigInt(p.notRefundable.amount);
  const order = found.co.normalized as ChannelOrder;
  const { number, lines } = await refundLinesOfReturn(tx, p.returnId, p.orderId, order, amount, p.notRefundable.currency);
  const inserted = await tx
    .insert(channelRefunds)
    .values({
      id: deps.newId(),
      connectionId: found.conn.id,
      orderId: p.orderId,
      direction: 'outbound',
      externalRefundId: null,
      returnId: p.returnId,
      amount,
      currency: p.notRefundable.currency,
      lines: lines.map((l) => ({ externalLineId: l.externalLineId, quantity: l.quantity, amount: l.amount.toString() })),
      note: `Ordo return ${number}`,
      state: 'pending',
      idempotencyKey: refundKeyOf(p.returnId),
      createdAt: deps.clock.now(),
    })
    .onConflictDoNothing()
    .returning({ id: channelRefunds.id });
  return inserted.length > 0;
}

/**
 * Step 2, after that transaction committed (the dispatcher's `afterCommit`, repeated until it
 * succeeds): sends the pending push. The connector first asks the platform for a refund carrying the
 * key and creates one only if there is none, so a push whose answer was lost, or whose recording
 * below failed, is found on the retry instead of being refunded twice. The outcome, the sync log row
 * and `channel_refund.synced` are written in one transaction; a refusal is recorded as `refused`
 * (listed in the connection's errors); a throttle, 5xx or network failure throws (retried).
 */
export async function completeRefundPush(deps: Deps, returnId: string): Promise<void> {
  const [row] = await deps.db.select().from(channelRefunds).where(and(eq(channelRefunds.returnId, returnId), eq(channelRefunds.state, 'pending')));
  if (!row) return;
  const conn = await loadConnection(deps.db, row.connectionId);
  const connector = outboundConnectors[conn.type];
  const [co] = await deps.db.select().from(channelOrders).where(and(eq(channelOrders.connectionId, conn.id), eq(channelOrders.orderId, row.orderId)));
  if (!connector?.refund || !co) return;
  const push: RefundPush = {
    order: co.normalized as ChannelOrder,
    lines: row.lines.map((l) => ({ externalLineId: l.externalLineId, quantity: l.quantity, amount: BigInt(l.amount ?? '0') })),
    amount: row.amount,
    currency: row.currency,
    note: row.note ?? '',
    key: row.idempotencyKey ?? refundKeyOf(returnId),
  };
  const progress: RefundProgress = {
    state: { ...row.progress },
    async save(patch) {
      Object.assign(this.state, patch);
      await deps.db.update(channelRefunds).set({ progress: { ...this.state } }).where(eq(channelRefunds.id, row.id));
    },
    async recorded(ids) {
      if (ids.length === 0) return new Set();
      const rows = await deps.db.select({ id: channelRefunds.externalRefundId }).from(channelRefunds).where(and(eq(channelRefunds.connectionId, conn.id), inArray(channelRefunds.externalRefundId, ids)));
      return new Set(rows.map((r) => r.id!));
    },
  };
  let result: { outcome: string; message: string; externalRefundId: string } | { refused: string };
  try {
    result = await connector.refund(conn, credentialsOf(deps, conn), push, progress);
  } catch (e) {
    if (!(e instanceof ChannelApiError) || e.retryable) throw e;
    result = { refused: e.message };
  }
  await deps.db.transaction(async (tx) => {
    const at = deps.clock.now();
    const log = (outcome: string, message: string) => logSync(tx, { connectionId: conn.id, at, direction: 'outbound', topic: 'refunds/create', externalId: co.externalId, outcome, message });
    if ('refused' in result) {
      const done = await tx.update(channelRefunds).set({ state: 'refused' }).where(and(eq(channelRefunds.id, row.id), eq(channelRefunds.state, 'pending'))).returning({ id: channelRefunds.id });
      if (!done.length) return;
      await log('error', result.refused);
      await enqueueEvents(tx, { ...deps, actor: systemActor, at }, [
        newEvent(channelRefundPushRefused, row.id, { connectionId: conn.id, orderId: row.orderId, returnId, amount: { amount: Number(row.amount), currency: row.currency }, reason: result.refused.slice(0, 1000) }),
      ]);
      return;
    }
    const done = await tx
      .update(channelRefunds)
      .set({ state: 'synced', externalRefundId: result.externalRefundId })
      .where(and(eq(channelRefunds.id, row.id), eq(channelRefunds.state, 'pending')))
      .returning({ id: channelRefunds.id });
    if (!done.length) return; // recorded meanwhile by a peer
    await log(result.outcome, result.message);
    await enqueueEvents(tx, { ...deps, actor: systemActor, at }, [
      newEvent(channelRefundSynced, row.id, { connectionId: conn.id, orderId: row.orderId, direction: 'outbound', externalRefundId: result.externalRefundId, amount: { amount: Number(row.amount), currency: row.currency } }),
    ]);
  });
}
