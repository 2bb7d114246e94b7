import { z } from 'zod';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, roles } from '../../platform/auth/roles.js';
import { createApiKey, type ApiKeyResolver } from '../../platform/auth/api-keys.js';
import { apiKeys } from '../../platform/db/schema/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';

const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The visible part of the key: ordo_<prefix>_…'),
    role: z.enum(roles),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

type Row = typeof apiKeys.$inferSelect;
const toJson = (r: Row) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role as (typeof roles)[number],
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

/** Admins create (secret shown once), list and revoke API keys. */
export const apiKeysRoutes =
  (deps: Deps, resolver: ApiKeyResolver): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['api keys'];
    app.post('/api-keys', {
      config: { roles: access.admin },
      schema: {
        tags,
        summary: 'Create an API key; the secret is in this response only',
        body: z.object({ name: z.string().trim().min(1, 'is required').max(100), role: z.enum(roles) }),
        response: { 201: apiKeySchema.extend({ key: z.string() }), ...errorResponses },
      },
      handler: async (req, reply) => {
        const at = deps.clock.now();
        const created = await deps.db.transaction(async (tx) => {
          const k = await createApiKey(tx, deps, req.body);
          await recordAudit(tx, { actor: req.actor, requestId: req.id, at }, { action: 'api_key.created', entityType: 'api_key', entityId: k.id, after: { name: k.name, role: k.role, prefix: k.prefix } });
          return k;
        });
        return reply.code(201).send({ ...toJson({ ...created, secretHash: '', lastUsedAt: null, revokedAt: null }), key: created.key });
      },
    });
    app.get('/api-keys', {
      config: { roles: access.admin },
      schema: { tags, summary: 'List API keys (never their secrets)', response: { 200: z.object({ items: z.array(apiKeySchema) }), ...errorResponses } },
      handler: async () => ({ items: (await deps.db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(toJson) }),
    });
    app.post('/api-keys/:id/revoke', {
      config: { roles: access.admin },
      schema: { tags, summary: 'Revoke an API key (refused at once by this process, within 1 s by every other)', params: z.object({ id: z.uuid() }), response: { 200: apiKeySchema, ...errorResponses } },
      handler: async (req) => {
        const at = deps.clock.now();
        const row = await deps.db.transaction(async (tx) => {
          const [r] = await tx.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, req.params.id), isNull(apiKeys.revokedAt))).returning();
          if (!r) throw new AppError('not_found', `No active API key ${req.params.id}`);
          await recordAudit(tx, { actor: req.actor, requestId: req.id, at }, { action: 'api_key.revoked', entityType: 'api_key', entityId: r.id, after: { revokedAt: at } });
          return r;
        });
        resolver.invalidate();
        return toJson(row);
      },
    });
  };
