import { timingSafeEqual } from 'node:crypto';
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
    /** Set when the request was authenticated by the console session cookie (not by an API key). */
    consoleSession: ConsoleSession | null;
  }
}

/** The console session cookie: an opaque random token, HttpOnly, SameSite=Strict. */
export const sessionCookieName = 'ordo_session';
export const csrfHeaderName = 'x-csrf-token';

export interface ConsoleSession {
  sessionId: string;
  csrfToken: string;
  user: { id: string; email: string; name: string; role: Role };
  actor: Actor;
}

/** Looks a session cookie up; implemented by the users module, injected by the composition root. */
export interface SessionResolver {
  resolve(token: string): Promise<ConsoleSession | null>;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);


/** Constant-time comparison of the `x-csrf-token` header with the session's token. */
export function csrfMatches(req: FastifyRequest, session: ConsoleSession): boolean {
  const sent = req.headers[csrfHeaderName];
  if (typeof sent !== 'string' || sent.length !== session.csrfToken.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(session.csrfToken));
}

export function sessionToken(req: FastifyRequest): string | undefined {
  const raw = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[sessionCookieName];
  return raw || undefined;
}

/**
 * Authenticates `Authorization: Bearer <api key>` or, without that header, the `ordo_session`
 * cookie; checks CSRF for cookie-authenticated writes, then the route's allowed roles.
 * Deny by default: routes must declare `config.roles` or `config.public`.
 * A bearer header wins over a cookie: browsers never add it on their own, so it needs no CSRF check.
 */
export const authPlugin = fp<{ resolver: ApiKeyResolver; sessions?: SessionResolver }>(async (app: FastifyInstance, opts) => {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('consoleSession', null);
  app.addHook('onRequest', async (req) => {
    const cfg = req.routeOptions.config;
    if (cfg?.public || !req.routeOptions.url) return;
    const header = req.headers.authorization;
    const token = sessionToken(req);
    if (header !== undefined || !token || !opts.sessions) {
      const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      if (!m) throw new AppError('unauthenticated', 'Send an API key as Authorization: Bearer <key>, or sign in to the console');
      const actor = await opts.resolver.resolve(m[1]!);
      if (!actor) throw new AppError('unauthenticated', 'The API key is unknown or revoked');
      req.actor = actor;
    } else {
      const session = await opts.sessions.resolve(token);
      if (!session) throw new AppError('unauthenticated', 'Your session has expired or was ended; sign in again');
      if (!safeMethods.has(req.method) && !csrfMatches(req, session)) {
        throw new AppError('csrf_failed', `Send the session's CSRF token in the ${csrfHeaderName} header`);
      }
      req.actor = session.actor;
      req.consoleSession = session;
    }
    const allowed = cfg?.roles;
    if (!allowed || !allowed.includes(req.actor.role)) {
      throw new AppError('forbidden', `Role ${req.actor.role} may not ${req.method} ${req.routeOptions.url}`);
    }
  });
});
