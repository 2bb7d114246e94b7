import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import type { OutboxEvent } from '../../platform/outbox/outbox.js';
import { channelAvailabilityQueue, channelConnections, channelOrders, channelSkuMappings } from '../../platform/db/schema/index.js';
import type { ChannelOrder } from '../../domain/channels/channel-order.js';
import { loadOrder } from '../orders/index.js';
import { completeRefundPush, reserveRefundPush } from './push-refund.js';
import { trackingOfFulfillmentOrder } from '../shipping/index.js';
import { findChannelOrderByOrderId, logSync, type ConnectionRow } from './channels.repository.js';
import { credentialsOf } from './save-connection.js';
import { ChannelApiError } from './connectors/shopify-admin.js';
import { outboundConnectors } from './connectors/outbound.js';

/**
 * Runs one outbound call and records it in the sync log (in the handler's transaction). A refusal by
 * the platform is logged as an error and not retried; a throttle, 5xx or network failure throws so
 * the dispatcher retries the event with backoff.
 */
async function outbound(tx: Db, deps: Deps, conn: ConnectionRow, topic: string, externalId: string, call: () => Promise<{ outcome: string; message: string }>) {
  const at = deps.clock.now();
  try {
    const r = await call();
    await logSync(tx, { connectionId: conn.id, at, direction: 'outbound', topic, externalId, outcome: r.outcome, message: r.message });
  } catch (e) {
    if (e instanceof ChannelApiError && !e.retryable) {
      await logSync(tx, { connectionId: conn.id, at, direction: 'outbound', topic, externalId, outcome: 'error', message: e.message });
      return;
    }
    throw e;
  }
}

export const channelsHandlers = (deps: Deps): EventHandler[] => [
  {
    name: 'channels.push_fulfillment',
    types: ['order.shipped'],
    async handle(tx, event) {
      const p = event.payload as { orderId: string; fulfillmentOrderId: string; lines: Array<{ orderLineId: string; quantity: number }> };
      const found = await findChannelOrderByOrderId(tx, p.orderId);
      const connector = found && outboundConnectors[found.conn.type];
      if (!found || !connector || !found.conn.active) return;
      const normalized = found.co.normalized as ChannelOrder;
      const { lines } = await loadOrder(tx, p.orderId);
      const shipped = p.lines.flatMap((s) => {
        const line = lines.find((l) => l.id === s.orderLineId);
        const channelLine = line ? normalized.lines[line.lineNo - 1] : undefined;
        return channelLine ? [{ externalLineId: channelLine.externalLineId, quantity: s.quantity }] : [];
      });
      const tracking = await trackingOfFulfillmentOrder(tx, p.fulfillmentOrderId);
      const complete = lines.every((l) => l.quantityShipped + l.quantityCancelled === l.quantityOrdered);
      await outbound(tx, deps, found.conn, 'fulfillments/create', found.co.externalId, () => connector.fulfillment(found.conn, credentialsOf(deps, found.conn), { order: normalized, shipped, tracking, complete }));
    },
  },
  {
    name: 'channels.push_cancellation',
    types: ['order.cancelled'],
    async handle(tx, event) {
      const p = event.payload as { orderId: string; reason?: string };
      const found = await findChannelOrderByOrderId(tx, p.orderId);
      // Cancelled on the channel first (state already 'cancelled'): nothing to send back.
      const connector = found && outboundConnectors[found.conn.type];
      if (!found || !connector || found.co.state !== 'placed' || !found.conn.active) return;
      await outbound(tx, deps, found.conn, 'orders/cancel', found.co.externalId, () => connector.cancel(found.conn, credentialsOf(deps, found.conn), found.co.normalized as ChannelOrder, p.reason ?? 'cancelled in Ordo'));
      await tx.update(channelOrders).set({ state: 'cancelled', updatedAt: deps.clock.now() }).where(eq(channelOrders.id, found.co.id));
    },
  },
  {
    name: 'channels.push_refund',
    types: ['return.completed'],
    // A channel order was paid on the platform: what Ordo settled but no Ordo payment could give back
    // (`notRefundable`) is refunded there. The push is recorded (pending, with its idempotency key)
    // in this transaction and sent after it committed; see push-refund.ts.
    async handle(tx, event) {
      await reserveRefundPush(tx, deps, event.payload as { returnId: string; orderId: string; notRefundable: { amount: number; currency: string } });
    },
    async afterCommit(event) {
      await completeRefundPush(deps, (event.payload as { returnId: string }).returnId);
    },
  },
  {
    name: 'channels.queue_availability',
    types: ['inventory.adjusted', 'inventory.counted', 'inventory.transferred', 'inventory.level_updated', 'order.placed', 'order.cancelled', 'order.lines_cancelled'],
    handle: (tx, event) => queueAvailability(tx, deps, changedSkus(event)),
    handleBatch: (tx, events) => queueAvailability(tx, deps, [...new Set(events.flatMap(changedSkus))]),
  },
];

/** The SKUs whose availability an event may have changed. */
function changedSkus(event: OutboxEvent): string[] {
  const p = event.payload as { sku?: unknown; lines?: Array<{ sku?: unknown }>; items?: Array<{ sku?: unknown }> };
  const skus = [p.sku, ...(p.lines ?? []).map((l) => l.sku), ...(p.items ?? []).map((l) => l.sku)].filter((s): s is string => typeof s === 'string');
  return [...new Set(skus)];
}

/**
 * Debounce: the first change of a SKU queues it for each connection that pushes stock, due after the
 * connection's `availabilityDebounceMs` (default 2000); further changes inside that window join the
 * same push (the row exists already), so a burst becomes one update carrying the latest quantity.
 */
export async function queueAvailability(tx: Db, deps: Deps, skus: string[]): Promise<void> {
  if (skus.length === 0) return;
  const targets = await tx
    .select({ connectionId: channelSkuMappings.connectionId, sku: channelSkuMappings.sku, settings: channelConnections.settings })
    .from(channelSkuMappings)
    .innerJoin(channelConnections, eq(channelConnections.id, channelSkuMappings.connectionId))
    .where(and(inArray(channelSkuMappings.sku, skus), eq(channelConnections.active, true), sql`${channelSkuMappings.externalInventoryId} is not null`));
  if (targets.length === 0) return;
  const now = deps.clock.now().getTime();
  const rows = new Map<string, { connectionId: string; sku: string; dueAt: Date }>();
  for (const t of targets) {
    const debounce = Number((t.settings as { availabilityDebounceMs?: number }).availabilityDebounceMs ?? 2000);
    rows.set(`${t.connectionId}|${t.sku}`, { connectionId: t.connectionId, sku: t.sku, dueAt: new Date(now + debounce) });
  }
  await tx.insert(channelAvailabilityQueue).values([...rows.values()]).onConflictDoNothing();
}
