import { and, asc, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { orders, outbox } from '../../platform/db/schema/index.js';
import { decodeCursor, encodeCursor, moneyJson } from '../../platform/http/schemas.js';
import type { OrderStatus } from '../../domain/orders/order-states.js';
import type { z } from 'zod';
import type { listOrdersQuery } from './orders.schemas.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
// `orders.id` spelled out: in a select without joins Drizzle renders `${orders.id}` as a bare "id",
// which inside this subquery would mean h.id (and every order would count 0 holds).
const activeHolds = sql<number>`(select count(*)::int from order_holds h where h.order_id = "orders"."id" and h.released_at is null)`;

/** Newest first, keyset-paginated on (placed_at, id). */
export async function listOrders(db: Db, q: z.output<typeof listOrdersQuery>, opts: { matchEmail?: boolean } = {}) {
  const where: SQL[] = [];
  if (q.status) where.push(eq(orders.status, q.status));
  if (q.channel) where.push(eq(orders.channel, q.channel));
  if (q.email) where.push(eq(orders.email, q.email.trim().toLowerCase()));
  if (q.from) where.push(gte(orders.placedAt, new Date(q.from)));
  if (q.to) where.push(lte(orders.placedAt, new Date(q.to)));
  if (q.onHold === 'true') where.push(sql`${activeHolds} > 0`);
  if (q.onHold === 'false') where.push(sql`${activeHolds} = 0`);
  // Tags are kept by the notes module (entity_tags); a read of its table, written only there.
  if (q.tag) where.push(sql`exists (select 1 from entity_tags t where t.subject_type = 'order' and t.subject_id = "orders"."id" and t.tag = ${q.tag})`);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    const matchEmail = opts.matchEmail ?? true;
    where.push(or(ilike(orders.number, like), ilike(orders.externalId, like), ilike(orders.customerName, like), ...(matchEmail ? [ilike(orders.email, like)] : []))!);
  }
  const cur = decodeCursor(q.cursor);
  if (cur && typeof cur[0] === 'string' && typeof cur[1] === 'string') {
    const at = new Date(cur[0]);
    where.push(or(lt(orders.placedAt, at), and(eq(orders.placedAt, at), lt(orders.id, cur[1])))!);
  }
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      status: orders.status,
      channel: orders.channel,
      externalId: orders.externalId,
      email: orders.email,
      customerName: orders.customerName,
      totalAmount: orders.totalAmount,
      currency: orders.currency,
      placedAt: orders.placedAt,
      activeHolds,
    })
    .from(orders)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status as OrderStatus,
      channel: r.channel,
      externalId: r.externalId,
      email: r.email,
      customerName: r.customerName,
      total: moneyJson({ amount: r.totalAmount, currency: r.currency }),
      activeHolds: Number(r.activeHolds),
      placedAt: r.placedAt.toISOString(),
    })),
    nextCursor: more && last ? encodeCursor([last.placedAt.toISOString(), last.id]) : null,
  };
}

/** The order's timeline: every event it emitted, oldest first (the outbox is the event log). */
export async function listOrderEvents(db: Db, orderId: string) {
  const rows = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.aggregateType, 'order'), eq(outbox.aggregateId, orderId)))
    .orderBy(asc(outbox.id));
  return rows.map((r) => ({
    id: r.eventId,
    type: r.type,
    occurredAt: r.occurredAt.toISOString(),
    actor: r.actor,
    payload: r.payload as Record<string, unknown>,
  }));
}
