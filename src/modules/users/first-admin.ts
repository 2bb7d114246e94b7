import { systemActor } from '../../platform/auth/roles.js';
import type { Deps } from '../../platform/context.js';
import { users } from '../../platform/db/schema/index.js';
import { generatePassword, hashPassword } from './passwords.js';
import { insertUser } from './create-user.js';

export const defaultAdminEmail = 'admin@ordo.local';

export interface FirstAdmin {
  id: string;
  email: string;
  /** Set only when Ordo chose the password; shown once, never stored in clear or logged. */
  generatedPassword: string | undefined;
}

/**
 * On an empty `users` table, creates the first console admin: from ORDO_ADMIN_EMAIL +
 * ORDO_ADMIN_PASSWORD when given, else `admin@ordo.local` with a random 20-character password.
 * Returns undefined when users already exist (or another process won the race to create one).
 */
export async function ensureFirstAdmin(deps: Deps, given: { email?: string | undefined; password?: string | undefined }): Promise<FirstAdmin | undefined> {
  const any = await deps.db.select({ id: users.id }).from(users).limit(1);
  if (any.length > 0) return undefined;
  const generatedPassword = given.email && given.password ? undefined : generatePassword(20);
  const email = (given.email && given.password ? given.email : defaultAdminEmail).trim().toLowerCase();
  const passwordHash = await hashPassword(given.password && given.email ? given.password : generatedPassword!);
  const at = deps.clock.now();
  try {
    const ctx = { ...deps, actor: systemActor };
    const user = await deps.db.transaction((tx) => insertUser(tx, { ...ctx, db: tx }, { email, name: 'Administrator', role: 'admin', passwordHash }, at));
    return { id: user.id, email, generatedPassword };
  } catch (err) {
    if ((err as { code?: string }).code === 'duplicate') return undefined;
    throw err;
  }
}
