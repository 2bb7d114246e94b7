import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Ctx, Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { passwordResetTokens, users } from '../../platform/db/schema/index.js';
import { notFound, validation } from '../../platform/errors.js';
import { queueStaffMail } from '../notifications/index.js';
import { hashPassword } from './passwords.js';
import { hashToken } from './sessions.js';
import { resetUserPassword, storePassword } from './set-password.js';
import { newPassword } from './users.schemas.js';

export const resetTokenTtlMs = 30 * 60 * 1000;
/** At most this many links per account in one token lifetime; further requests send nothing. */
export const maxResetsPerWindow = 3;

export type ResetDeps = Pick<Deps, 'db' | 'clock' | 'newId'>;

/** The console page a reset link opens; the token rides in the fragment, which never reaches a server log. */
export const resetLink = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/reset-password#token=${token}`;

/** Creates a single-use token for a user in the caller's transaction; only its hash is stored. */
export async function issueResetToken(tx: Db, deps: Pick<ResetDeps, 'newId'> & { at: Date }, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.at.getTime() + resetTokenTtlMs);
  await tx.insert(passwordResetTokens).values({ id: deps.newId(), tokenHash: hashToken(token), userId, createdAt: deps.at, expiresAt });
  return { token, expiresAt };
}

function resetMail(name: string, link: string): { subject: string; text: string; html: string } {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const minutes = resetTokenTtlMs / 60_000;
  return {
    subject: 'Reset your Ordo password',
    text: `Hello ${name},\n\nsomeone (hopefully you) asked to reset your Ordo console password. Open this link within ${minutes} minutes to choose a new one:\n\n${link}\n\nThe link works once. If you did not ask for it, ignore this mail: your password stays as it is.\n`,
    html: `<p>Hello ${esc(name)},</p><p>someone (hopefully you) asked to reset your Ordo console password. Open this link within ${minutes} minutes to choose a new one:</p><p><a href="${esc(link)}">Choose a new password</a></p><p>The link works once. If you did not ask for it, ignore this mail: your password stays as it is.</p>`,
  };
}

/**
 * Sends a reset link to the account with this e-mail, if there is one that may sign in. The caller
 * answers the same whatever happens (no account enumeration). Per account at most
 * `maxResetsPerWindow` links in a token's lifetime.
 */
export async function requestPasswordReset(deps: ResetDeps, input: { email: string; publicUrl: string }): Promise<void> {
  const at = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  await deps.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, name: users.name, disabled: users.disabled }).from(users).where(eq(users.email, email)).for('update').limit(1);
    if (!user || user.disabled) return;
    const recent = await tx
      .select({ id: passwordResetTokens.id })
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, user.id), gt(passwordResetTokens.createdAt, new Date(at.getTime() - resetTokenTtlMs))));
    if (recent.length >= maxResetsPerWindow) return;
    const { token } = await issueResetToken(tx, { newId: deps.newId, at }, user.id);
    const id = deps.newId();
    await queueStaffMail(tx, deps, { template: 'staff_password_reset', dedupeKey: `password-reset:${id}`, recipient: email, ...resetMail(user.name, resetLink(input.publicUrl, token)) });
  });
}

const invalidToken = () => validation([{ path: 'token', message: 'is invalid, used or expired; ask for a new link' }], 'The reset link is invalid, used or expired');

/**
 * Sets a new password with a reset token: the token is spent (one conditional update, so two
 * requests cannot both use it), the user's other tokens too, and every session of the user ends.
 */
export async function confirmPasswordReset(ctx: Ctx, input: { token: string; newPassword: string }): Promise<{ userId: string }> {
  const at = ctx.clock.now();
  const hash = await hashPassword(input.newPassword);
  return ctx.db.transaction(async (tx) => {
    const [spent] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: at })
      .where(and(eq(passwordResetTokens.tokenHash, hashToken(input.token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, at)))
      .returning({ userId: passwordResetTokens.userId });
    if (!spent) throw invalidToken();
    const [user] = await tx.select({ disabled: users.disabled }).from(users).where(eq(users.id, spent.userId)).limit(1);
    if (!user) throw notFound('User', spent.userId);
    if (user.disabled) throw invalidToken();
    await tx.update(passwordResetTokens).set({ usedAt: at }).where(and(eq(passwordResetTokens.userId, spent.userId), isNull(passwordResetTokens.usedAt)));
    await storePassword(tx, ctx, spent.userId, hash, at, 'user.password_reset_by_link');
    return { userId: spent.userId };
  });
}

/** For `ordo user reset-password`: a link for the account with this e-mail (no mail sent). */
export async function createResetLinkFor(deps: ResetDeps, input: { email: string; publicUrl: string }): Promise<{ userId: string; link: string; expiresAt: Date }> {
  const at = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  return deps.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
    if (!user) throw notFound('User', email);
    const { token, expiresAt } = await issueResetToken(tx, { newId: deps.newId, at }, user.id);
    return { userId: user.id, link: resetLink(input.publicUrl, token), expiresAt };
  });
}

/** For `ordo user reset-password --password`: sets the password of the account with this e-mail (the console's password policy applies). */
export async function resetUserPasswordByEmail(ctx: Ctx, email: string, password: string): Promise<{ id: string; email: string }> {
  const parsed = newPassword.safeParse(password);
  if (!parsed.success) throw validation([{ path: 'password', message: parsed.error.issues[0]!.message }], `The password ${parsed.error.issues[0]!.message}`);
  const [user] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  if (!user) throw notFound('User', email);
  const done = await resetUserPassword(ctx, user.id, password);
  return { id: done.id, email: done.email };
}
