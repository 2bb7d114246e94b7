import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lte, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import type { Clock } from '../../platform/clock.js';
import { sessions, users } from '../../platform/db/schema/index.js';
import type { Role } from '../../platform/auth/roles.js';
import type { ConsoleSession, SessionResolver } from '../../platform/http/auth-plugin.js';

export const sessionTtlMs = 12 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often per session, not on every request. */
const touchEveryMs = 60 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a session for a user inside the caller's transaction; the clear token exists only in the cookie. */
export async function openSession(
  tx: Db,
  deps: { newId: () => string; at: Date },
  input: { userId: string; ip?: string | undefined; userAgent?: string | undefined },
): Promise<{ id: string; token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const id = deps.newId();
  const expiresAt = new Date(deps.at.getTime() + sessionTtlMs);
  await tx.insert(sessions).values({
    id,
    tokenHash: hashToken(token),
    userId: input.userId,
    csrfToken,
    createdAt: deps.at,
    lastSeenAt: deps.at,
    expiresAt,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
  });
  // Housekeeping: this user's expired sessions go when they sign in again.
  await tx.delete(sessions).where(and(eq(sessions.userId, input.userId), lte(sessions.expiresAt, deps.at)));
  return { id, token, csrfToken, expiresAt };
}

/** Deletes every session of a user, or every one but `keep` (password change keeps the current one). */
export async function revokeUserSessions(tx: Db, userId: string, keep?: string): Promise<number> {
  const where = keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId);
  return (await tx.delete(sessions).where(where).returning({ id: sessions.id })).length;
}

export async function deleteSessionByToken(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/**
 * Resolves a session cookie to its user on every request (no cache: logout, disabling and role
 * changes take effect at once). A disabled user's sessions stop working immediately.
 */
export class DbSessionResolver implements SessionResolver {
  constructor(
    private db: Db,
    private clock: Clock,
  ) {}

  async resolve(token: string): Promise<ConsoleSession | null> {
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
    const now = this.clock.now();
    const [row] = await this.db
      .select({ session: sessions, user: { id: users.id, email: users.email, name: users.name, role: users.role } })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, now), eq(users.disabled, false)))
      .limit(1);
    if (!row) return null;
    if (now.getTime() - row.session.lastSeenAt.getTime() >= touchEveryMs) {
      await this.db
        .update(sessions)
        .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + sessionTtlMs) })
        .where(eq(sessions.id, row.session.id));
    }
    const role = row.user.role as Role;
    return {
      sessionId: row.session.id,
      csrfToken: row.session.csrfToken,
      user: { id: row.user.id, email: row.user.email, name: row.user.name, role },
      actor: { type: 'user', id: row.user.id, role, name: row.user.name },
    };
  }
}
