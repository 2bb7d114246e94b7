import { systemClock } from '../../src/platform/clock.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { uuidv7 } from '../../src/platform/ids.js';
import { AppError } from '../../src/platform/errors.js';
import { createResetLinkFor, resetUserPasswordByEmail } from '../../src/modules/users/index.js';
import { CliError, config, out, withDatabase } from '../support.js';

/**
 * `ordo user reset-password <email>`: without --password prints a single-use reset link (30 min) to
 * hand to the user; with --password sets that password at once. Either way the user's sessions end
 * when the password changes.
 */
export async function userResetPasswordCommand(email: string, opts: { password?: string }): Promise<void> {
  const cfg = config();
  const publicUrl = cfg.notifications.publicUrl ?? `http://${cfg.host === '0.0.0.0' || cfg.host === '::' ? '127.0.0.1' : cfg.host}:${cfg.port}`;
  await withDatabase(cfg, { migrate: true }, async ({ db }) => {
    const deps = { db, clock: systemClock, newId: () => uuidv7(systemClock.now().getTime()) };
    try {
      if (opts.password !== undefined) {
        const user = await resetUserPasswordByEmail({ ...deps, actor: { ...systemActor, name: 'ordo user reset-password' } }, email, opts.password);
        out(`Password of ${user.email} set; their sessions have ended.`);
        return;
      }
      const { link, expiresAt } = await createResetLinkFor(deps, { email, publicUrl });
      out(`Reset link for ${email.trim().toLowerCase()} (works once, until ${expiresAt.toISOString()}):`);
      out();
      out(`  ${link}`);
    } catch (err) {
      if (err instanceof AppError) throw new CliError(err.code === 'not_found' ? `No console user with the e-mail ${email}` : err.message, err.code === 'not_found' ? 1 : 2);
      throw err;
    }
  });
}
