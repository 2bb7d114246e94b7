import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { users } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { hashPassword } from './passwords.js';
import { auditView, toUserJson, type CreateUserInput, type UserJson } from './users.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { userCreated } from './users.events.js';

/** Creates a console user; 409 naming `email` when the address is taken (case-insensitively). */
export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<UserJson> {
  const passwordHash = await hashPassword(input.password); // CPU work outside the transaction
  const at = ctx.clock.now();
  return ctx.db.transaction((tx) => insertUser(tx, ctx, { ...input, passwordHash }, at));
}

/** The insert, audit row and `user.created` event; shared with the first-admin bootstrap. */
export async function insertUser(
  tx: Db,
  ctx: Ctx,
  input: Omit<CreateUserInput, 'password'> & { passwordHash: string },
  at: Date,
): Promise<UserJson> {
  const [row] = await tx
    .insert(users)
    .values({
      id: ctx.newId(),
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: input.passwordHash,
      passwordChangedAt: at,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!row) {
    throw new AppError('duplicate', `A user with email ${input.email} already exists`, { errors: [{ path: 'email', message: 'is already in use' }] });
  }
  await recordAudit(tx, { actor: ctx.actor, requestId: ctx.requestId, at }, { action: 'user.created', entityType: 'user', entityId: row.id, after: auditView(row) });
  await enqueueEvents(tx, { actor: ctx.actor, newId: ctx.newId, at }, [
    newEvent(userCreated, row.id, { userId: row.id, ...auditView(row) }),
  ]);
  return toUserJson(row);
}
