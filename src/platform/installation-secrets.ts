import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from './db/client.js';
import { installationSecrets } from './db/schema/index.js';

/**
 * The installation's secret called `name`: created at random (32 bytes, base64url, after `prefix`)
 * the first time any process asks, then the same for every process on this database. Insert-or-keep
 * then read, so two processes starting together agree.
 */
export async function installationSecret(db: Db, name: string, at: Date, prefix = ''): Promise<string> {
  await db
    .insert(installationSecrets)
    .values({ name, value: `${prefix}${randomBytes(32).toString('base64url')}`, createdAt: at })
    .onConflictDoNothing({ target: installationSecrets.name });
  const [row] = await db.select({ value: installationSecrets.value }).from(installationSecrets).where(eq(installationSecrets.name, name));
  return row!.value;
}
