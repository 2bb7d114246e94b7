import { z } from 'zod';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { auditLog } from '../../platform/db/schema/index.js';
import { decodeCursor, encodeCursor, errorResponses, isoDateTime } from '../../platform/http/schemas.js';

const entrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorType: z.string(),
    actorId: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

/** The audit log, newest first; admins only. */
export const auditLogRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit-log', {
      config: { roles: access.admin },
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, when: every mutation with before/after',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: z.string().max(200).optional(),
          entityType: z.string().max(50).optional(),
          entityId: z.string().max(200).optional(),
          actorId: z.string().max(200).optional(),
          action: z.string().max(100).optional(),
          from: isoDateTime().optional(),
          to: isoDateTime().optional(),
        }),
        response: { 200: z.object({ items: z.array(entrySchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
      handler: async (req) => {
        const q = req.query;
        const where: SQL[] = [];
        if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
        if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
        if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
        if (q.action) where.push(eq(auditLog.action, q.action));
        if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
        if (q.to) where.push(lte(auditLog.at, new Date(q.to)));
        const before = decodeCursor(q.cursor)?.[0];
        if (typeof before === 'number') where.push(lt(auditLog.id, before));
        const rows = await deps.db.select().from(auditLog).where(where.length ? and(...where) : undefined).orderBy(desc(auditLog.id)).limit(q.limit + 1);
        const more = rows.length > q.limit;
        const page = more ? rows.slice(0, q.limit) : rows;
        return {
          items: page.map((r) => ({ ...r, at: r.at.toISOString() })),
          nextCursor: more ? encodeCursor([page.at(-1)!.id]) : null,
        };
      },
    });
  };
