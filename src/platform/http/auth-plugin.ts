import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import type { ApiKeyResolver } from '../auth/api-keys.js';
import type { Actor, Role } from '../auth/roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed to call the route; a route without it (and not `public`) is refused to everyone. */
    roles?: readonly Role[];
    public?: boolean;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

export function requireActor(req: FastifyRequest): Actor {
  return req.actor;
}

/**
 * Authenticates `Authorization: Bearer <api key>` and checks the route's allowed roles.
 * Deny by default: routes must declare `config.roles` or `config.public`.
 */
export const authPlugin = fp<{ resolver: ApiKeyResolver }>(async (app: FastifyInstance, opts) => {
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (req) => {
    const cfg = req.routeOptions.config;
    if (cfg?.public || !req.routeOptions.url) return;
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw new AppError('unauthenticated', 'Send an API key as Authorization: Bearer <key>');
    const actor = await opts.resolver.resolve(m[1]!);
    if (!actor) throw new AppError('unauthenticated', 'The API key is unknown or revoked');
    req.actor = actor;
    const allowed = cfg?.roles;
    if (!allowed || !allowed.includes(actor.role)) {
      throw new AppError('forbidden', `Role ${actor.role} may not ${req.method} ${req.routeOptions.url}`);
    }
  });
});
