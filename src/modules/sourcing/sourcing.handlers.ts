import { and, asc, eq, gt, notInArray, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { inventoryLevels, orderLines, orders } from '../../platform/db/schema/index.js';
import { systemActor } from '../../platform/auth/roles.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { sourceOrder } from './source-order.js';

/** Orders examined per stock increase (oldest first); the rest wait for the next increase or a manual re-source. */
const BACKORDER_BATCH = 100;

/**
 * Re-sourcing triggers (after commit, at least once; each is idempotent because sourcing only acts
 * on units still pending or backordered, and exclusions are keyed by (line, location)).
 */
export const sourcingHandlers = (deps: Deps): EventHandler[] => {
  const ctx = { ...deps, actor: systemActor };
  return [
    {
      name: 'sourcing.source_on_hold_released',
      types: ['order.hold_released'],
      handle: async (tx, e) => {
        await sourceOrder(tx, ctx, { orderId: String(e.payload.orderId), reason: 'resource' });
      },
    },
    {
      name: 'sourcing.source_on_payment_authorized',
      types: ['payment.authorized'],
      handle: async (tx, e) => {
        if ((deps.sourcing?.at ?? 'placement') !== 'authorization') return;
        await sourceOrder(tx, ctx, { orderId: String(e.payload.orderId), reason: 'resource' });
      },
    },
    {
      name: 'sourcing.resource_on_fulfillment_exception',
      types: ['fulfillment.rejected', 'fulfillment.short_picked'],
      handle: async (tx, e) => {
        const p = e.payload as { orderId: string; locationCode: string; reason?: string; lines: Array<{ orderLineId: string; quantity: number }> };
        const lineIds = p.lines.map((l) => l.orderLineId);
        await sourceOrder(tx, ctx, {
          orderId: p.orderId,
          reason: e.type === 'fulfillment.rejected' ? 'rejection' : 'short_pick',
          excludeByLine: new Map(lineIds.map((id) => [id, new Set([p.locationCode])])),
          exclusionReason: p.reason ?? e.type,
          lineIds,
        });
      },
    },
    {
      name: 'sourcing.allocate_backorders_on_stock',
      types: ['inventory.adjusted', 'inventory.counted', 'inventory.transferred'],
      handle: async (tx, e) => {
        for (const { sku, locationCode } of stockIncreases(e.type, e.payload)) await allocateBackorders(tx, ctx, sku, locationCode);
      },
    },
  ];
};

/** The (sku, location) pairs whose on-hand stock rose in an inventory event. */
export function stockIncreases(type: string, p: Record<string, unknown>): Array<{ sku: string; locationCode: string }> {
  if (type === 'inventory.adjusted' && Number(p.delta) > 0) return [{ sku: String(p.sku), locationCode: String(p.locationCode) }];
  if (type === 'inventory.transferred') return [{ sku: String(p.sku), locationCode: String(p.toLocationCode) }];
  if (type === 'inventory.counted') {
    const deltas = (p.deltas as Array<{ sku: string; delta: number }> | undefined) ?? [];
    return deltas.filter((d) => d.delta > 0).map((d) => ({ sku: d.sku, locationCode: String(p.locationCode) }));
  }
  return [];
}

/** Sources backordered units of `sku`, oldest orders first, while the location has stock available. */
async function allocateBackorders(tx: Db, ctx: Parameters<typeof sourceOrder>[1], sku: string, locationCode: string): Promise<void> {
  const waiting = await tx
    .select({ orderId: orderLines.orderId, lineId: orderLines.id })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orderLines.sku, sku), gt(orderLines.quantityBackordered, 0), notInArray(orders.status, ['cancelled', 'completed'])))
    .orderBy(asc(orders.placedAt), asc(orders.id), asc(orderLines.lineNo))
    .limit(BACKORDER_BATCH);
  const byOrder = new Map<string, string[]>();
  for (const w of waiting) byOrder.set(w.orderId, [...(byOrder.get(w.orderId) ?? []), w.lineId]);
  for (const [orderId, lineIds] of byOrder) {
    const [lvl] = await tx
      .select({ available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved} - ${inventoryLevels.safetyStock})::int` })
      .from(inventoryLevels)
      .where(and(eq(inventoryLevels.sku, sku), eq(inventoryLevels.locationCode, locationCode)));
    if (!lvl || Number(lvl.available) <= 0) return;
    await sourceOrder(tx, ctx, { orderId, reason: 'stock_received', lineIds });
  }
}
