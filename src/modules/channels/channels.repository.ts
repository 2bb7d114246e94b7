import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { channelConnections, channelOrders, channelSkuMappings, channelSyncLog, products } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';

export type ConnectionRow = typeof channelConnections.$inferSelect;
export type ChannelOrderRow = typeof channelOrders.$inferSelect;
export type SyncLogEntry = Omit<typeof channelSyncLog.$inferInsert, 'id'>;

export async function loadConnection(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<ConnectionRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Channel connection', id);
  const q = db.select().from(channelConnections).where(eq(channelConnections.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound('Channel connection', id);
  return row;
}

/** Appends to the per-connection sync log (inside the use case's transaction, or alone for failures). */
export async function logSync(db: Db, entry: SyncLogEntry): Promise<void> {
  await db.insert(channelSyncLog).values({ ...entry, message: entry.message ? entry.message.slice(0, 1000) : null });
}

export async function listSyncLog(db: Db, connectionId: string, opts: { limit: number; before?: number | undefined; errorsOnly?: boolean }) {
  return db
    .select()
    .from(channelSyncLog)
    .where(
      and(
        eq(channelSyncLog.connectionId, connectionId),
        opts.before ? lt(channelSyncLog.id, opts.before) : undefined,
        opts.errorsOnly ? inArray(channelSyncLog.outcome, ['error', 'held', 'rejected']) : undefined,
      ),
    )
    .orderBy(desc(channelSyncLog.id))
    .limit(opts.limit);
}

/** The channel order row of (connection, external id), locked for the rest of the transaction. */
export async function lockChannelOrder(tx: Db, connectionId: string, externalId: string): Promise<ChannelOrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(channelOrders)
    .where(and(eq(channelOrders.connectionId, connectionId), eq(channelOrders.externalId, externalId)))
    .for('update');
  return row;
}

export async function findChannelOrderByOrderId(db: Db, orderId: string) {
  const [row] = await db
    .select({ co: channelOrders, conn: channelConnections })
    .from(channelOrders)
    .innerJoin(channelConnections, eq(channelConnections.id, channelOrders.connectionId))
    .where(eq(channelOrders.orderId, orderId));
  return row;
}

/** External SKU → Ordo SKU for the given channel SKUs, and which of them the catalog knows as they are. */
export async function skuFacts(db: Db, connectionId: string, externalSkus: string[]): Promise<{ mapped: Map<string, string>; catalog: Set<string> }> {
  const uniq = [...new Set(externalSkus.filter((s) => s !== ''))];
  if (uniq.length === 0) return { mapped: new Map(), catalog: new Set() };
  const maps = await db
    .select({ externalSku: channelSkuMappings.externalSku, sku: channelSkuMappings.sku })
    .from(channelSkuMappings)
    .where(and(eq(channelSkuMappings.connectionId, connectionId), inArray(channelSkuMappings.externalSku, uniq)));
  const known = await db.select({ sku: products.sku }).from(products).where(inArray(products.sku, uniq));
  return { mapped: new Map(maps.map((m) => [m.externalSku, m.sku])), catalog: new Set(known.map((k) => k.sku)) };
}

export async function upsertSkuMappings(tx: Db, connectionId: string, items: Array<{ externalSku: string; sku: string; externalInventoryId?: string | undefined }>) {
  if (items.length === 0) return;
  await tx
    .insert(channelSkuMappings)
    .values(items.map((i) => ({ connectionId, externalSku: i.externalSku, sku: i.sku, externalInventoryId: i.externalInventoryId ?? null })))
    .onConflictDoUpdate({
      target: [channelSkuMappings.connectionId, channelSkuMappings.externalSku],
      set: { sku: sql`excluded.sku`, externalInventoryId: sql`excluded.external_inventory_id` },
    });
}

export async function listSkuMappings(db: Db, connectionId: string) {
  return db.select().from(channelSkuMappings).where(eq(channelSkuMappings.connectionId, connectionId)).orderBy(channelSkuMappings.externalSku);
}
