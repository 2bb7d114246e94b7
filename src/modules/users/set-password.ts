import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { users } from '../../platform/db/schema/index.js';
import { notFound, validation } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { revokeUserSessions } from './sessions.js';
import { toUserJson, type UserJson } from './users.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { userUpdated } from './users.events.js';

/** Stores a new hash, clears any lockout and ends sessions (all, or all but `keepSession`). */
export async function storePassword(tx: Db, ctx: Ctx, userId: string, passwordHash: string, at: Date, action: string, keepSession?: string) {
  const [row] = await tx
    .update(users)
    .set({ passwordHash, passwordChangedAt: at, failedLogins: 0, lockedUntil: null, updatedAt: at })
    .where(eq(users.id, userId))
    .returning();
  if (!row) throw notFound('User', userId);
  const revokedSessions = await revokeUserSessions(tx, userId, keepSession);
  await recordAudit(tx, { actor: ctx.actor, requestId: ctx.requestId, at }, { action, entityType: 'user', entityId: userId, after: { revokedSessions } });
  await enqueueEvents(tx, { actor: ctx.actor, newId: ctx.newId, at }, [
    newEvent(userUpdated, userId, { userId, changed: ['password'] }),
  ]);
  return toUserJson(row);
}

/** A signed-in user changes their own password; their other sessions end, this one stays. */
export async function changeOwnPassword(ctx: Ctx, input: { sessionId: string; currentPassword: string; newPassword: string }): Promise<void> {
  const userId = ctx.actor.id;
  const [user] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw notFound('User', userId);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw validation([{ path: 'currentPassword', message: 'is not your current password' }], 'The current password is incorrect');
  }
  const hash = await hashPassword(input.newPassword);
  const at = ctx.clock.now();
  await ctx.db.transaction((tx) => storePassword(tx, ctx, userId, hash, at, 'user.password_changed', input.sessionId));
}

/** An admin sets a user's password (e.g. forgotten); every session of that user ends. */
export async function resetUserPassword(ctx: Ctx, userId: string, password: string): Promise<UserJson> {
  const hash = await hashPassword(password);
  const at = ctx.clock.now();
  return ctx.db.transaction((tx) => storePassword(tx, ctx, userId, hash, at, 'user.password_reset'));
}
