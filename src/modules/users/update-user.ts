import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { users } from '../../platform/db/schema/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { revokeUserSessions } from './sessions.js';
import { auditView, toUserJson, type UpdateUserInput, type UserJson } from './users.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { userUpdated } from './users.events.js';

/** Pure guard: an admin may not lock themselves out by disabling or demoting their own account. */
export function selfChangeRefusal(actorUserId: string | null, targetId: string, patch: UpdateUserInput): string | null {
  if (actorUserId !== targetId) return null;
  if (patch.disabled === true) return 'You cannot disable your own account';
  if (patch.role !== undefined && patch.role !== 'admin') return 'You cannot remove the admin role from your own account';
  return null;
}

/** Renames, changes the role of, disables or re-enables a user; disabling ends their sessions. */
export async function updateUser(ctx: Ctx, id: string, patch: UpdateUserInput): Promise<UserJson> {
  const refusal = selfChangeRefusal(ctx.actor.type === 'user' ? ctx.actor.id : null, id, patch);
  if (refusal) throw new AppError('business_rule', refusal, { errors: [{ path: patch.disabled === true ? 'disabled' : 'role', message: refusal }] });
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw notFound('User', id);
    const [after] = await tx
      .update(users)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        updatedAt: at,
      })
      .where(eq(users.id, id))
      .returning();
    const revoked = patch.disabled === true ? await revokeUserSessions(tx, id) : 0;
    const changed = (['name', 'role', 'disabled'] as const).filter((k) => patch[k] !== undefined && patch[k] !== before[k]);
    await recordAudit(tx, { actor: ctx.actor, requestId: ctx.requestId, at }, {
      action: 'user.updated',
      entityType: 'user',
      entityId: id,
      before: auditView(before),
      after: { ...auditView(after!), revokedSessions: revoked },
    });
    await enqueueEvents(tx, { actor: ctx.actor, newId: ctx.newId, at }, [
      newEvent(userUpdated, id, { userId: id, changed, ...auditView(after!) }),
    ]);
    return toUserJson(after!);
  });
}
