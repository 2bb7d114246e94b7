import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import { channelAvailabilityQueue, channelConnections, channelSkuMappings } from '../../platform/db/schema/index.js';
import { getAvailability } from '../inventory/index.js';
import { logSync, type ConnectionRow } from './channels.repository.js';
import { credentialsOf } from './save-connection.js';
import { ChannelApiError, shopifyAdmin } from './connectors/shopify-admin.js';
import { pushShopifyAvailability } from './connectors/shopify-push.js';

/**
 * The batched half of the availability push (run every second by the server, or by tests): takes the
 * queued SKUs whose debounce has passed, reads their current availability (sum over locations) and
 * sets it on each connection in the platform's largest allowed batches. Setting absolute quantities
 * makes a repeated push harmless. A failed push stays queued and is tried again 30 s later.
 */
export async function pushChannelAvailability(deps: Deps, opts: { fetch?: typeof fetch } = {}): Promise<{ items: number; calls: number }> {
  const now = deps.clock.now();
  const due = await deps.db
    .select({ conn: channelConnections, sku: channelAvailabilityQueue.sku, inventoryId: channelSkuMappings.externalInventoryId })
    .from(channelAvailabilityQueue)
    .innerJoin(channelConnections, eq(channelConnections.id, channelAvailabilityQueue.connectionId))
    .innerJoin(channelSkuMappings, and(eq(channelSkuMappings.connectionId, channelAvailabilityQueue.connectionId), eq(channelSkuMappings.sku, channelAvailabilityQueue.sku)))
    .where(lte(channelAvailabilityQueue.dueAt, now))
    .limit(10_000);
  const byConn = new Map<string, { conn: ConnectionRow; rows: Array<{ sku: string; inventoryId: string }> }>();
  for (const d of due) {
    if (!d.inventoryId) continue;
    const g = byConn.get(d.conn.id) ?? { conn: d.conn, rows: [] };
    g.rows.push({ sku: d.sku, inventoryId: d.inventoryId });
    byConn.set(d.conn.id, g);
  }
  let items = 0;
  let calls = 0;
  for (const { conn, rows } of byConn.values()) {
    const skus = [...new Set(rows.map((r) => r.sku))];
    const available = new Map((await getAvailability(deps.db, skus)).map((a) => [a.sku, a.totalAvailable]));
    const batch = rows.map((r) => ({ inventoryItemId: r.inventoryId, quantity: available.get(r.sku) ?? 0 }));
    const done = and(eq(channelAvailabilityQueue.connectionId, conn.id), inArray(channelAvailabilityQueue.sku, skus), lte(channelAvailabilityQueue.dueAt, now));
    try {
      if (conn.type !== 'shopify') throw new ChannelApiError(`${conn.type} has no availability push yet`, false);
      const locationId = String((conn.settings as { locationId?: string }).locationId ?? '');
      if (!locationId) throw new ChannelApiError('settings.locationId (the Shopify location gid) is not set', false);
      const n = await pushShopifyAvailability(shopifyAdmin(conn, credentialsOf(deps, conn), opts.fetch), locationId, batch);
      calls += n;
      items += batch.length;
      await deps.db.delete(channelAvailabilityQueue).where(done);
      await logSync(deps.db, { connectionId: conn.id, at: now, direction: 'outbound', topic: 'inventory/set', externalId: null, outcome: 'pushed', message: `${batch.length} quantities in ${n} call(s)` });
    } catch (e) {
      const retry = e instanceof ChannelApiError ? e.retryable : true;
      if (retry) await deps.db.update(channelAvailabilityQueue).set({ dueAt: sql`${channelAvailabilityQueue.dueAt} + interval '30 seconds'` }).where(done);
      else await deps.db.delete(channelAvailabilityQueue).where(done);
      await logSync(deps.db, { connectionId: conn.id, at: now, direction: 'outbound', topic: 'inventory/set', externalId: null, outcome: 'error', message: `${(e as Error).message}${retry ? ' (retried in 30 s)' : ''}` });
    }
  }
  return { items, calls };
}
