import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentLines, fulfillmentOrders, orders } from '../../platform/db/schema/index.js';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js';
import type { FulfillmentStatus } from '../../domain/fulfillment/fulfillment-states.js';

export interface ListFulfillmentQuery {
  locationCode?: string | undefined;
  status?: FulfillmentStatus[] | undefined;
  type?: 'ship' | 'pickup' | undefined;
  orderId?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Fulfillment orders newest first, filtered; cursor = (created_at, id). */
export async function listFulfillmentOrders(db: Db, q: ListFulfillmentQuery) {
  const f = fulfillmentOrders;
  const conds = [];
  if (q.locationCode) conds.push(eq(f.locationCode, q.locationCode));
  if (q.status?.length) conds.push(inArray(f.status, q.status));
  if (q.type) conds.push(eq(f.type, q.type));
  if (q.orderId) conds.push(eq(f.orderId, q.orderId));
  if (q.q) conds.push(or(eq(f.number, q.q.trim().toUpperCase()), eq(orders.number, q.q.trim().toUpperCase())));
  const cur = decodeCursor(q.cursor);
  if (cur && typeof cur[0] === 'string' && typeof cur[1] === 'string') {
    const at = new Date(cur[0]);
    conds.push(or(lt(f.createdAt, at), and(eq(f.createdAt, at), lt(f.id, cur[1]))));
  }
  const rows = await db
    .select({
      id: f.id, number: f.number, orderId: f.orderId, orderNumber: orders.number, locationCode: f.locationCode, type: f.type, status: f.status,
      assignedTo: f.assignedTo, pickListId: f.pickListId, createdAt: f.createdAt, updatedAt: f.updatedAt,
      units: sql<number>`(select coalesce(sum(${fulfillmentLines.quantity} - ${fulfillmentLines.short}), 0)::int from ${fulfillmentLines} where ${fulfillmentLines.fulfillmentOrderId} = ${f.id})`,
      picked: sql<number>`(select coalesce(sum(${fulfillmentLines.picked}), 0)::int from ${fulfillmentLines} where ${fulfillmentLines.fulfillmentOrderId} = ${f.id})`,
    })
    .from(f)
    .innerJoin(orders, eq(orders.id, f.orderId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(f.createdAt), desc(f.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map((r) => ({ ...r, status: r.status as FulfillmentStatus, units: Number(r.units), picked: Number(r.picked), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor([last.createdAt, last.id]) : null };
}
