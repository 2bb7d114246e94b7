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

/** `recordAudit` for several entries in one INSERT. */
export async function recordAudits(tx: Db, ctx: { actor: Actor; requestId?: string | undefined; at: Date }, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(
    entries.map((entry) => ({
      at: ctx.at,
      actorType: ctx.actor.type,
      actorId: ctx.actor.id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before === undefined ? null : toJson(entry.before),
      after: entry.after === undefined ? null : toJson(entry.after),
      requestId: ctx.requestId ?? null,
    })),
  );
}
