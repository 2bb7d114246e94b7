import type { Ctx } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { enqueueEvents } from '../platform/outbox/outbox.js';
import { newEvent } from '../platform/events/define.js';
import { missingFacts, resolveLineSkus, type ChannelOrder } from '../domain/channels/channel-order.js';
import { channelOrderSynced, claimChannelOrder as claim, logSync, recordChannelOrderApplied, skuFacts, type ChannelOrderRow, type ConnectionRow } from '../modules/channels/index.js';
import { releaseDataHold, type PlaceOrderInput } from '../modules/orders/index.js';
import { placeOrder } from './place-order.js';
import { cancelOrder } from './cancel-order.js';

export type IngestOutcome = 'placed' | 'held' | 'updated' | 'cancelled' | 'duplicate' | 'stale';

export interface IngestResult {
  outcome: IngestOutcome;
  orderId: string | null;
  reason: string | null;
}

/**
 * Applies one delivery of a channel order (webhook, poll or retry) in ONE transaction:
 * - (connection, external id) is claimed under a row lock, so the same order delivered twice or
 *   concurrently becomes one Ordo order;
 * - a version not newer than the last applied (the channel's updated_at) changes nothing (`stale`,
 *   or `duplicate` when it is the same version);
 * - a new order goes through the normal placement flow (channel = the connection's name, backorder
 *   policy: the channel already sold it); one with an unknown SKU is placed as an Ordo order on a
 *   `data` hold with the reason (nothing sourced), released by a retry once the SKU is mapped; one
 *   whose email or address is missing is kept here (no order) on a data hold until a retry;
 * - a newer version that is cancelled cancels the Ordo order.
 * Each outcome is written to the connection's sync log and as a `channel_order.synced` event.
 */
export async function ingestChannelOrder(ctx: Ctx, conn: ConnectionRow, topic: string, order: ChannelOrder, opts: { retry?: boolean } = {}): Promise<IngestResult> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const inTx: Ctx = { ...ctx, db: tx };
      const at = ctx.clock.now();
      const { id: rowId, before: existing } = await claim(tx, inTx, conn, order);
      const log = (outcome: string, message: string | null) =>
        logSync(tx, { connectionId: conn.id, at, direction: 'inbound', topic, externalId: order.externalId, outcome, message });
      const incoming = new Date(order.updatedAt);
      if (existing && !opts.retry && existing.externalUpdatedAt.getTime() >= incoming.getTime()) {
        const outcome = existing.externalUpdatedAt.getTime() === incoming.getTime() ? 'duplicate' : 'stale';
        await log(outcome, outcome === 'stale' ? `version of ${order.updatedAt} is older than the applied ${existing.externalUpdatedAt.toISOString()}` : null);
        return { outcome, orderId: existing.orderId, reason: null };
      }
      const result = await apply(inTx, tx, conn, existing, order);
      await recordChannelOrderApplied(tx, rowId, {
        externalUpdatedAt: incoming,
        externalName: order.externalName ?? null,
        normalized: order,
        orderId: result.orderId,
        state: result.outcome === 'held' ? 'held' : result.outcome === 'cancelled' || (order.cancelled && result.orderId === null) ? 'cancelled' : 'placed',
        holdReason: result.outcome === 'held' ? result.reason : null,
        at,
      });
      await log(result.outcome, result.reason);
      await enqueueEvents(tx, { ...ctx, at }, [
        newEvent(channelOrderSynced, `${conn.id}:${order.externalId}`, {
          connectionId: conn.id,
          externalId: order.externalId,
          outcome: result.outcome as 'placed',
          orderId: result.orderId,
          reason: result.reason,
          externalUpdatedAt: incoming.toISOString(),
        }),
      ]);
      return result;
    });
  } catch (e) {
    // Nothing was written; the failure still shows in the connection's sync log and error list.
    await logSync(ctx.db, { connectionId: conn.id, at: ctx.clock.now(), direction: 'inbound', topic, externalId: order.externalId, outcome: 'error', message: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}


async function apply(ctx: Ctx, tx: Db, conn: ConnectionRow, existing: ChannelOrderRow | undefined, order: ChannelOrder): Promise<IngestResult> {
  if (existing?.orderId) {
    if (order.cancelled && existing.state !== 'cancelled') {
      await cancelOrder(ctx, { orderId: existing.orderId, reason: `Cancelled on ${conn.name} (${order.externalName ?? order.externalId})` });
      return { outcome: 'cancelled', orderId: existing.orderId, reason: null };
    }
    if (existing.state === 'held') {
      // Placed on a `data` hold for unknown SKUs: released (and sourced) once every SKU resolves.
      const resolved = await resolveSkus(tx, conn, order);
      if (!resolved.ok) return { outcome: 'held', orderId: existing.orderId, reason: resolved.reason };
      await releaseDataHold(tx, ctx, { orderId: existing.orderId, skus: resolved.skus, reason: `every SKU is mapped on ${conn.name}` });
      return { outcome: 'placed', orderId: existing.orderId, reason: null };
    }
    return { outcome: 'updated', orderId: existing.orderId, reason: null };
  }
  // Not placed yet (new, or held for data): a cancelled order is recorded, not placed.
  if (order.cancelled) return { outcome: 'cancelled', orderId: null, reason: 'cancelled on the channel before it was placed' };
  const missing = missingFacts(order);
  if (missing) return { outcome: 'held', orderId: null, reason: missing };
  const resolved = await resolveSkus(tx, conn, order);
  if (!resolved.ok && !resolved.skus) return { outcome: 'held', orderId: null, reason: resolved.reason };
  // An unknown SKU still makes an Ordo order (seen in the orders list), on a `data` hold with the reason.
  const dataHold = resolved.ok ? undefined : { reason: resolved.reason, names: order.lines.map((l) => l.name) };
  const input = toPlacement(conn, order, resolved.skus!);
  try {
    const placed = await placeOrder(ctx, input, { dataHold });
    return dataHold ? { outcome: 'held', orderId: placed.body.id, reason: dataHold.reason } : { outcome: 'placed', orderId: placed.body.id, reason: null };
  } catch (e) {
    // The placement rolled back to its savepoint; what it refused becomes the hold's reason.
    if (e instanceof AppError && (e.code === 'validation_failed' || e.code === 'business_rule')) {
      const fields = (e.extra?.errors as Array<{ path: string; message: string }> | undefined)?.map((f) => `${f.path} ${f.message}`).join('; ');
      return { outcome: 'held', orderId: null, reason: fields ? `${e.message}: ${fields}` : e.message };
    }
    throw e;
  }
}

async function resolveSkus(tx: Db, conn: ConnectionRow, order: ChannelOrder) {
  const facts = await skuFacts(tx, conn.id, order.lines.map((l) => l.externalSku));
  return resolveLineSkus(order.lines, facts.mapped, facts.catalog);
}

function toPlacement(conn: ConnectionRow, o: ChannelOrder, skus: string[]): PlaceOrderInput {
  const money = (amount: string) => ({ amount: Number(amount), currency: o.currency });
  const a = o.shippingAddress!;
  return {
    channel: conn.name,
    externalId: o.externalId,
    customer: { email: o.email!, name: o.customerName ?? a.name ?? o.email!, ...(o.phone ? { phone: o.phone.slice(0, 40) } : {}) },
    shippingAddress: a,
    ...(o.billingAddress ? { billingAddress: o.billingAddress } : {}),
    currency: o.currency,
    lines: o.lines.map((l, i) => ({ sku: skus[i]!, quantity: l.quantity, unitPrice: money(l.unitPrice) })),
    shipping: money(o.shipping),
    discount: money(o.discount),
    tax: money(o.tax),
    inventoryPolicy: 'backorder',
    delivery: { method: 'ship' },
    ...(o.note ? { note: o.note.slice(0, 2000) } : {}),
  };
}
