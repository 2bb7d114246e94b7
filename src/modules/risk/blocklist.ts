import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { riskBlocklist } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.js';
import { normaliseAddress, normaliseEmail, normaliseFingerprint, type BlocklistKind } from '../../domain/risk/index.js';
import type { AddBlocklistEntry } from './risk.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { riskBlocklistEntryAdded, riskBlocklistEntryRemoved } from './risk.events.js';

type Row = typeof riskBlocklist.$inferSelect;
const entryJson = (r: Row) => ({ id: r.id, kind: r.kind, value: r.value, reason: r.reason, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() });

/** The value as it is matched: what placement compares against (see risk-facts.ts). */
export function blocklistValue(input: AddBlocklistEntry): string {
  if (input.kind === 'address') return normaliseAddress(input.address!);
  if (input.kind === 'email') return normaliseEmail(input.value!);
  return normaliseFingerprint(input.value!);
}

export async function addBlocklistEntry(ctx: Ctx, input: AddBlocklistEntry) {
  const at = ctx.clock.now();
  const value = blocklistValue(input);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(riskBlocklist)
      .values({ id: ctx.newId(), kind: input.kind, value, reason: input.reason, createdBy: actorLabel(ctx.actor), createdAt: at })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('duplicate', `${input.kind} ${value} is already on the blocklist`, { errors: [{ path: input.kind === 'address' ? 'address' : 'value', message: 'is already on the blocklist' }] });
    const json = entryJson(row);
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(riskBlocklistEntryAdded, row.id, json)]);
    await recordAudit(tx, { ...ctx, at }, { action: 'risk_blocklist.entry_added', entityType: 'risk_blocklist', entityId: row.id, after: json });
    return json;
  });
}

export async function removeBlocklistEntry(ctx: Ctx, id: string) {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(riskBlocklist).where(eq(riskBlocklist.id, id)).returning();
    if (!row) throw notFound('Blocklist entry', id);
    const json = entryJson(row);
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(riskBlocklistEntryRemoved, row.id, json)]);
    await recordAudit(tx, { ...ctx, at }, { action: 'risk_blocklist.entry_removed', entityType: 'risk_blocklist', entityId: row.id, before: json });
    return json;
  });
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function listBlocklist(db: Db, q: { limit: number; cursor?: string | undefined; kind?: BlocklistKind | undefined }) {
  const where: SQL[] = [];
  if (q.kind) where.push(eq(riskBlocklist.kind, q.kind));
  const cur = decodeCursor(q.cursor);
  if (cur && typeof cur[0] === 'string' && typeof cur[1] === 'string') {
    const at = new Date(cur[0]);
    where.push(or(lt(riskBlocklist.createdAt, at), and(eq(riskBlocklist.createdAt, at), lt(riskBlocklist.id, cur[1])))!);
  }
  const rows = await db
    .select()
    .from(riskBlocklist)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(riskBlocklist.createdAt), desc(riskBlocklist.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page.at(-1);
  return { items: page.map(entryJson), nextCursor: more && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
}
