import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { orderDrafts } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js';
import { runIdempotent } from '../../platform/idempotency.js';
import type { listDraftsQuery, OrderDraftJson, SaveDraftInput } from './order-drafts.schemas.js';

/*
 * Draft orders: what a service rep has typed into the console's order entry and not placed yet.
 * Scratch data of the entry form — no events (nothing reacts to a draft) and no audit rows; the
 * order placed from it carries the full record. Placing an order with `draftId` deletes the draft in
 * the placement's transaction (`takeDraftForPlacement`), so there is never both an order and its draft.
 */

type Row = typeof orderDrafts.$inferSelect;
const toJson = (r: Row): OrderDraftJson => ({
  id: r.id,
  title: r.title,
  body: r.body,
  author: r.author,
  updatedBy: r.updatedBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function createDraft(ctx: Ctx, input: SaveDraftInput, idempotencyKey?: string) {
  return runIdempotent<OrderDraftJson>(ctx, { key: idempotencyKey, route: 'POST /order-drafts', request: input }, async (tx) => {
    const at = ctx.clock.now();
    const who = actorLabel(ctx.actor);
    const [row] = await tx.insert(orderDrafts).values({ id: ctx.newId(), title: input.title, body: input.body, author: who, updatedBy: who, createdAt: at, updatedAt: at }).returning();
    return { status: 201, body: toJson(row!) };
  });
}

export async function getDraft(db: Db, id: string): Promise<OrderDraftJson> {
  const [row] = await db.select().from(orderDrafts).where(eq(orderDrafts.id, id));
  if (!row) throw notFound('Order draft', id);
  return toJson(row);
}

export async function updateDraft(ctx: Ctx, id: string, input: SaveDraftInput): Promise<OrderDraftJson> {
  const [row] = await ctx.db
    .update(orderDrafts)
    .set({ title: input.title, body: input.body, updatedBy: actorLabel(ctx.actor), updatedAt: ctx.clock.now() })
    .where(eq(orderDrafts.id, id))
    .returning();
  if (!row) throw notFound('Order draft', id);
  return toJson(row);
}

export async function deleteDraft(ctx: Ctx, id: string): Promise<void> {
  const rows = await ctx.db.delete(orderDrafts).where(eq(orderDrafts.id, id)).returning({ id: orderDrafts.id });
  if (rows.length === 0) throw notFound('Order draft', id);
}

/** Most recently saved first, keyset-paginated on (updated_at, id). */
export async function listDrafts(ctx: Ctx, q: z.output<typeof listDraftsQuery>) {
  const where: SQL[] = [];
  if (q.mine === 'true') where.push(eq(orderDrafts.author, actorLabel(ctx.actor)));
  const cur = decodeCursor(q.cursor);
  if (cur && typeof cur[0] === 'string' && typeof cur[1] === 'string' && !Number.isNaN(Date.parse(cur[0])) && /^[0-9a-f-]{36}$/i.test(cur[1])) {
    const at = new Date(cur[0]);
    where.push(or(lt(orderDrafts.updatedAt, at), and(eq(orderDrafts.updatedAt, at), lt(orderDrafts.id, cur[1])))!);
  }
  const rows = await ctx.db
    .select()
    .from(orderDrafts)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(orderDrafts.updatedAt), desc(orderDrafts.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page.at(-1);
  return { items: page.map(toJson), nextCursor: more && last ? encodeCursor([last.updatedAt.toISOString(), last.id]) : null };
}

/**
 * Deletes the draft an order is placed from, in the placement's transaction: the order and the draft's
 * removal commit together or not at all. The row lock makes a second placement of the same draft wait
 * and then find it gone: 409, so one draft places one order.
 */
export async function takeDraftForPlacement(tx: Db, id: string): Promise<void> {
  const rows = await tx.delete(orderDrafts).where(eq(orderDrafts.id, id)).returning({ id: orderDrafts.id });
  if (rows.length === 0) {
    const message = 'no such draft: it was placed or deleted already';
    throw new AppError('conflict', `Order draft ${id} cannot be placed: ${message}`, { errors: [{ path: 'draftId', message }] });
  }
}
