import { z } from 'zod';
import { inArray } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, systemActor } from '../../platform/auth/roles.js';
import { apiKeys } from '../../platform/db/schema/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { userNames } from '../users/index.js';

const actorTypes = ['user', 'api_key', 'system', 'unknown'] as const;

export const actorSchema = z
  .object({
    id: z.string().describe('As asked: `user:<uuid>`, `api_key:<uuid>` or `system`'),
    type: z.enum(actorTypes),
    name: z.string().describe('The user’s or API key’s name; the id itself when it names no one known'),
    known: z.boolean(),
    disabled: z.boolean().describe('A disabled user or a revoked API key'),
  })
  .meta({ id: 'Actor' });

const idList = z
  .union([z.string().max(20_000), z.array(z.string().max(200)).max(200)])
  .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(200, 'each id must be at most 200 characters')).min(1, 'must name at least one actor').max(200, 'must name at most 200 actors'));

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Splits `user:<id>` / `api_key:<id>` / `system` (also `system:system`, as actorLabel writes it). */
function parse(raw: string): { type: (typeof actorTypes)[number]; id: string } {
  if (raw === 'system' || raw === 'system:system') return { type: 'system', id: 'system' };
  const m = /^(user|api_key):(.+)$/.exec(raw);
  return m ? { type: m[1] as 'user' | 'api_key', id: m[2]!.toLowerCase() } : { type: 'unknown', id: raw };
}

/**
 * Names for the actor ids stored in timelines, the ledger and the audit log, so the console shows
 * people and keys by name. Anyone signed in may resolve names (no emails, no roles).
 */
export const actorsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/actors', {
      config: { roles: access.anyone },
      schema: {
        tags: ['audit'],
        summary: 'Display names of actors (users, API keys, the system) by their ids',
        querystring: z.object({ ids: idList.describe('Comma-separated or repeated actor ids such as user:<uuid>, api_key:<uuid>, system (up to 200)') }),
        response: { 200: z.object({ items: z.array(actorSchema) }), ...errorResponses },
      },
      handler: async (req) => {
        const parsed = req.query.ids.map((raw) => ({ raw, ...parse(raw) }));
        const userIds = parsed.filter((p) => p.type === 'user').map((p) => p.id);
        const keyIds = [...new Set(parsed.filter((p) => p.type === 'api_key' && uuid.test(p.id)).map((p) => p.id))];
        const [people, keys] = await Promise.all([
          userNames(deps.db, userIds),
          keyIds.length ? deps.db.select({ id: apiKeys.id, name: apiKeys.name, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(inArray(apiKeys.id, keyIds)) : Promise.resolve([]),
        ]);
        const keyById = new Map(keys.map((k) => [k.id, k]));
        return {
          items: parsed.map((p) => {
            if (p.type === 'system') return { id: p.raw, type: p.type, name: systemActor.name, known: true, disabled: false };
            const found = p.type === 'user' ? people.get(p.id) : p.type === 'api_key' ? keyById.get(p.id) : undefined;
            if (!found) return { id: p.raw, type: p.type, name: p.raw, known: false, disabled: false };
            return { id: p.raw, type: p.type, name: found.name, known: true, disabled: 'disabled' in found ? found.disabled : found.revokedAt !== null };
          }),
        };
      },
    });
  };
