import type { Deps } from '../../platform/context.js';
import { systemActor } from '../../platform/auth/roles.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { sourceOrder } from './source-order.js';
import { allocateBackorders, BACKORDERS_CONTINUED, type BackorderRun } from './backorder-allocation.js';
import { eventHandler } from '../../platform/events/define.js';
import { orderHoldReleased } from '../orders/index.js';
import { paymentAuthorized } from '../payments/index.js';
import { fulfillmentRejected, fulfillmentShortPicked } from '../fulfillment/index.js';
import { inventoryAdjusted, inventoryCounted, inventoryTransferred } from '../inventory/index.js';
import { sourcingBackordersContinued } from './sourcing.events.js';

/**
 * Re-sourcing triggers (after commit, at least once; each is idempotent because sourcing only acts
 * on units still pending or backordered, and exclusions are keyed by (line, location)).
 */
export const sourcingHandlers = (deps: Deps): EventHandler[] => {
  const ctx = { ...deps, actor: systemActor };
  return [
    eventHandler({
      name: 'sourcing.source_on_hold_released',
      events: [orderHoldReleased],
      handle: async (tx, e) => {
        await sourceOrder(tx, ctx, { orderId: e.payload.orderId, reason: 'resource' });
      },
    }),
    eventHandler({
      name: 'sourcing.source_on_payment_authorized',
      events: [paymentAuthorized],
      handle: async (tx, e) => {
        if ((deps.sourcing?.at ?? 'placement') !== 'authorization') return;
        await sourceOrder(tx, ctx, { orderId: e.payload.orderId, reason: 'resource' });
      },
    }),
    eventHandler({
      name: 'sourcing.resource_on_fulfillment_exception',
      events: [fulfillmentRejected, fulfillmentShortPicked],
      handle: async (tx, e) => {
        const p = e.payload;
        const lineIds = p.lines.map((l) => l.orderLineId);
        await sourceOrder(tx, ctx, {
          orderId: p.orderId,
          reason: e.type === 'fulfillment.rejected' ? 'rejection' : 'short_pick',
          excludeByLine: new Map(lineIds.map((id) => [id, new Set([p.locationCode])])),
          exclusionReason: p.reason || e.type,
          lineIds,
        });
      },
    }),
    eventHandler({
      name: 'sourcing.allocate_backorders_on_stock',
      // A stock increase starts a chain of batches (oldest orders first); each full batch with stock
      // left continues in a `sourcing.backorders_continued` event of its own transaction.
      events: [inventoryAdjusted, inventoryCounted, inventoryTransferred, sourcingBackordersContinued],
      handle: async (tx, e) => {
        for (const run of stockIncreases(e.type, e.payload)) await allocateBackorders(tx, ctx, run);
      },
    }),
  ];
};

/** The (sku, location) pairs whose on-hand stock rose in an inventory event, or the batch a continuation resumes. */
export function stockIncreases(type: string, p: Record<string, unknown>): BackorderRun[] {
  if (type === BACKORDERS_CONTINUED) return [{ sku: String(p.sku), locationCode: String(p.locationCode), afterOrderId: String(p.afterOrderId) }];
  if (type === 'inventory.adjusted' && Number(p.delta) > 0) return [{ sku: String(p.sku), locationCode: String(p.locationCode) }];
  if (type === 'inventory.transferred') return [{ sku: String(p.sku), locationCode: String(p.toLocationCode) }];
  if (type === 'inventory.counted') {
    const deltas = (p.deltas as Array<{ sku: string; delta: number }> | undefined) ?? [];
    return deltas.filter((d) => d.delta > 0).map((d) => ({ sku: d.sku, locationCode: String(p.locationCode) }));
  }
  return [];
}
