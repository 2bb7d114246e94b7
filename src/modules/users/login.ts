import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import { users } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { Actor, Role } from '../../platform/auth/roles.js';
import { verifyAgainstDummy, verifyPassword } from './passwords.js';
import { openSession } from './sessions.js';

export const maxFailedLogins = 5;
export const lockoutMs = 15 * 60 * 1000;

const refused = () =>
  new AppError('invalid_credentials', 'Email or password is incorrect', {
    errors: [{ path: 'password', message: 'Email or password is incorrect' }],
  });

export interface LoginInput {
  email: string;
  password: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}

/** Lockout bookkeeping for emails without an account (see UnknownAccountLockout). */
export interface UnknownAccounts {
  lockedUntil(email: string): Promise<Date | null>;
  recordFailure(email: string): Promise<Date | null>;
}

/**
 * Checks a password and opens a session. Unknown email, wrong password and disabled user are the
 * same refusal (and take the same argon2 time). The 5th consecutive failure locks the account for
 * 15 minutes; during the lock even the right password is refused; a success resets the count. An
 * email without an account is locked the same way (`unknown`), so the 429 reveals nothing.
 */
export async function login(deps: Deps, input: LoginInput, unknown?: UnknownAccounts) {
  const at = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const [user] = await deps.db.select().from(users).where(eq(users.email, email)).limit(1);
  if (user?.lockedUntil && user.lockedUntil > at) throw locked(user.lockedUntil);
  const phantomLock = user ? null : ((await unknown?.lockedUntil(email)) ?? null);
  if (phantomLock) throw locked(phantomLock);

  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  const anonymous: Actor = { type: 'system', id: 'anonymous', role: 'read-only', name: 'anonymous' };
  if (!user) {
    const lockedNow = (await unknown?.recordFailure(email)) ?? null;
    throw lockedNow ? locked(lockedNow) : refused();
  }
  if (!ok || user.disabled) {
    const lockedUntil = await deps.db.transaction(async (tx) => {
      // One conditional UPDATE, so parallel wrong guesses cannot skip the lock.
      const lockAt = new Date(at.getTime() + lockoutMs);
      const [row] = await tx
        .update(users)
        .set({
          failedLogins: sql`case when ${users.failedLogins} + 1 >= ${maxFailedLogins} then 0 else ${users.failedLogins} + 1 end`,
          lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${maxFailedLogins} then ${lockAt.toISOString()}::timestamptz else ${users.lockedUntil} end`,
        })
        .where(eq(users.id, user.id))
        .returning({ lockedUntil: users.lockedUntil });
      const nowLocked = row?.lockedUntil && row.lockedUntil > at ? row.lockedUntil : null;
      await recordAudit(tx, { actor: anonymous, requestId: input.requestId, at }, {
        action: 'user.login_failed',
        entityType: 'user',
        entityId: user.id,
        after: { ip: input.ip ?? null, reason: user.disabled ? 'disabled' : 'wrong_password', locked: nowLocked !== null },
      });
      return nowLocked;
    });
    if (lockedUntil) throw locked(lockedUntil);
    throw refused();
  }

  const role = user.role as Role;
  const actor: Actor = { type: 'user', id: user.id, role, name: user.name };
  const session = await deps.db.transaction(async (tx) => {
    const [fresh] = await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: at })
      .where(and(eq(users.id, user.id), eq(users.disabled, false)))
      .returning({ id: users.id });
    if (!fresh) throw refused(); // disabled between the read and now
    const s = await openSession(tx, { newId: deps.newId, at }, { userId: user.id, ip: input.ip, userAgent: input.userAgent });
    await recordAudit(tx, { actor, requestId: input.requestId, at }, { action: 'user.logged_in', entityType: 'user', entityId: user.id, after: { ip: input.ip ?? null, sessionId: s.id } });
    return s;
  });
  return { user: { id: user.id, email: user.email, name: user.name, role }, ...session };
}

function locked(until: Date): AppError {
  return new AppError('account_locked', `Too many failed sign-ins; try again after ${until.toISOString()}`, { retryAt: until.toISOString() });
}
