import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { perMinuteLimiter } from '../../platform/http/per-minute-limiter.js';
import { AppError } from '../../platform/errors.js';
import { access } from '../../platform/auth/roles.js';
import { csrfMatches, sessionCookieName, sessionToken, type SessionResolver } from '../../platform/http/auth-plugin.js';
import { lockoutMs, login, maxFailedLogins } from './login.js';
import { LoginThrottle, UnknownAccountLockout } from './login-throttle.js';
import { changeOwnPassword } from './set-password.js';
import { deleteSessionByToken } from './sessions.js';
import { changePasswordBody, loginBody, passwordResetBody, passwordResetConfirmBody, sessionSchema, type UserRole } from './users.schemas.js';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.js';

/** Reset requests per client address and minute (each may send a mail). */
export const resetRequestsPerMinute = 5;

/** Who acts when a reset link is used: nobody is signed in yet. */
const resetLinkActor = { type: 'system', id: 'password-reset-link', role: 'read-only', name: 'Password reset link' } as const;

/**
 * Secure when the client reached us over https: directly, or through a TLS-terminating proxy that
 * says so in X-Forwarded-Proto. Trusting that header is safe here: a forged "https" can only make
 * the cookie stricter for the one who forged it.
 */
const overHttps = (req: FastifyRequest) =>
  req.protocol === 'https' || String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase() === 'https';
const cookieOptions = (req: FastifyRequest) => ({ httpOnly: true, sameSite: 'strict' as const, path: '/', secure: overHttps(req) });
const clearSessionCookie = (req: FastifyRequest, reply: FastifyReply) => void reply.clearCookie(sessionCookieName, cookieOptions(req));

/**
 * Console sign-in, sign-out, session and own-password routes. They are kept out of the OpenAPI
 * document (which describes the API-key API: every operation there takes a bearer key and a role);
 * the console calls them with the `ordo_session` cookie.
 */
export const authRoutes =
  (deps: Deps, sessions: SessionResolver, throttle = new LoginThrottle(deps.db, deps.clock)): FastifyPluginAsyncZod =>
  async (app) => {
    const unknownAccounts = new UnknownAccountLockout(deps.db, deps.clock, { maxFailures: maxFailedLogins, lockoutMs });
    const schema = { hide: true, tags: ['auth'] };

    app.post('/auth/login', {
      config: { public: true },
      schema: { ...schema, body: loginBody, response: { 200: sessionSchema } },
      handler: async (req, reply) => {
        const wait = await throttle.blockedFor(req.ip);
        if (wait > 0) throw new AppError('rate_limited', `Too many failed sign-ins from your address; retry in ${Math.ceil(wait / 60_000)} min`);
        try {
          const out = await login(deps, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id }, unknownAccounts);
          // Signing in again from the same browser replaces its previous session instead of piling them up.
          const previous = sessionToken(req);
          if (previous) await deleteSessionByToken(deps.db, previous);
          void reply.setCookie(sessionCookieName, out.token, cookieOptions(req));
          return { user: { ...out.user, role: out.user.role as UserRole }, csrfToken: out.csrfToken };
        } catch (err) {
          if (err instanceof AppError && err.code === 'invalid_credentials') await throttle.recordFailure(req.ip);
          throw err;
        }
      },
    });

    app.post('/auth/logout', {
      config: { public: true },
      schema: { ...schema, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const token = sessionToken(req);
        const session = token ? await sessions.resolve(token) : null;
        // A live session needs its CSRF token to be ended; a dead cookie is simply cleared.
        if (session && !csrfMatches(req, session)) throw new AppError('csrf_failed', 'Send the session’s CSRF token in the x-csrf-token header');
        if (token) await deleteSessionByToken(deps.db, token);
        clearSessionCookie(req, reply);
        return reply.code(204).send(null);
      },
    });

    app.get('/auth/session', {
      config: { public: true },
      schema: { ...schema, response: { 200: sessionSchema } },
      handler: async (req, reply) => {
        const token = sessionToken(req);
        const session = token ? await sessions.resolve(token) : null;
        if (!session) {
          if (token) clearSessionCookie(req, reply);
          throw new AppError('unauthenticated', 'Not signed in');
        }
        return { user: { ...session.user, role: session.user.role as UserRole }, csrfToken: session.csrfToken };
      },
    });

    const allowReset = perMinuteLimiter(resetRequestsPerMinute, () => deps.clock.now());
    app.post('/auth/password-reset', {
      config: { public: true },
      schema: { ...schema, body: passwordResetBody, response: { 202: z.null() } },
      handler: async (req, reply) => {
        if (!allowReset(req.ip)) throw new AppError('rate_limited', 'Too many reset requests from your address; try again in a minute');
        await requestPasswordReset(deps, { email: req.body.email, publicUrl: deps.publicUrl ?? 'http://127.0.0.1:3000' });
        // Never the request's Host header in the link (reset-link poisoning); the same answer whether or not the account exists.
        return reply.code(202).send(null);
      },
    });

    app.post('/auth/password-reset/confirm', {
      config: { public: true },
      schema: { ...schema, body: passwordResetConfirmBody, response: { 204: z.null() } },
      handler: async (req, reply) => {
        if (!allowReset(`confirm:${req.ip}`)) throw new AppError('rate_limited', 'Too many attempts from your address; try again in a minute');
        await confirmPasswordReset({ ...deps, actor: { ...resetLinkActor }, requestId: req.id }, req.body);
        return reply.code(204).send(null);
      },
    });

    app.post('/auth/password', {
      config: { roles: access.anyone },
      schema: { ...schema, body: changePasswordBody, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const session = req.consoleSession;
        if (!session) throw new AppError('forbidden', 'Only a signed-in console user can change a password here');
        await changeOwnPassword({ ...deps, actor: req.actor, requestId: req.id }, { sessionId: session.sessionId, ...req.body });
        return reply.code(204).send(null);
      },
    });
  };
