import { sql } from 'drizzle-orm';
import type { Db } from './db/client.js';
import { auditLog } from './db/schema/index.js';
import type { Actor } from './auth/roles.js';
import { toJson } from './json.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Records one mutation; call it inside the use case's transaction so it commits with the change. */
export async function recordAudit(
  tx: Db,
  ctx: { actor: Actor; requestId?: string | undefined; at: Date },
  entry: AuditEntry,
): Promise<void> {
  await tx.insert(auditLog).values({
    at: ctx.at,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before === undefined ? null : toJson(entry.before),
    after: entry.after === undefined ? null : toJson(entry.after),
    requestId: ctx.requestId ?? null,
  });
}

/** `recordAudit` for several entries in one INSERT (one array parameter per column, rows in the given order). */
export async function recordAudits(tx: Db, ctx: { actor: Actor; requestId?: string | undefined; at: Date }, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (entries.length === 1) return recordAudit(tx, ctx, entries[0]!);
  // A JSON text, or SQL NULL for an absent (or null) value, as the jsonb column stores it through drizzle.
  const json = (v: unknown) => {
    const j = v === undefined ? null : toJson(v);
    return j === null ? null : JSON.stringify(j);
  };
  const col = <T>(f: (e: AuditEntry) => T) => sql.param(entries.map(f));
  await tx.execute(sql`
    insert into audit_log (at, actor_type, actor_id, action, entity_type, entity_id, before, after, request_id)
    select ${ctx.at.toISOString()}::timestamptz, ${ctx.actor.type}, ${ctx.actor.id}, e.action, e.entity_type, e.entity_id, e.before::jsonb, e.after::jsonb, ${ctx.requestId ?? null}::text
    from unnest(${col((e) => e.action)}::text[], ${col((e) => e.entityType)}::text[], ${col((e) => e.entityId)}::text[],
      ${col((e) => json(e.before))}::text[], ${col((e) => json(e.after))}::text[]) with ordinality as e(action, entity_type, entity_id, before, after, n)
    order by e.n`);
}
