import { desc } from 'drizzle-orm';
import { systemClock } from '../../src/platform/clock.js';
import { createApiKey } from '../../src/platform/auth/api-keys.js';
import { roles, type Role } from '../../src/platform/auth/roles.js';
import { apiKeys } from '../../src/platform/db/schema/index.js';
import { uuidv7 } from '../../src/platform/ids.js';
import { CliError, config, out, table, withDatabase } from '../support.js';

export async function apiKeyCreateCommand(opts: { name: string; role: string }): Promise<void> {
  if (!(roles as readonly string[]).includes(opts.role)) {
    throw new CliError(`Unknown role "${opts.role}". Roles: ${roles.join(', ')}`, 2);
  }
  const name = opts.name.trim();
  if (!name) throw new CliError('--name must not be empty', 2);
  const cfg = config();
  await withDatabase(cfg, { migrate: true }, async ({ db }) => {
    const deps = { clock: systemClock, newId: () => uuidv7(systemClock.now().getTime()) };
    const created = await createApiKey(db, deps, { name, role: opts.role as Role });
    out(`Created API key "${created.name}" (role ${created.role}, id ${created.id}):`);
    out();
    out(`  ${created.key}`);
    out();
    out('Store it now: it will not be shown again. Use it as  Authorization: Bearer <key>');
  });
}

export async function apiKeyListCommand(): Promise<void> {
  const cfg = config();
  await withDatabase(cfg, { migrate: false }, async ({ db }) => {
    const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
    if (rows.length === 0) {
      out('No API keys. `ordo serve` creates one on an empty database, or run `ordo api-key create`.');
      return;
    }
    const iso = (d: Date | null) => (d ? d.toISOString().replace(/\.\d+Z$/, 'Z') : '');
    out(
      table(
        ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED', 'LAST USED', 'STATUS'],
        rows.map((k) => [k.id, k.name, k.role, `ordo_${k.prefix}_…`, iso(k.createdAt), iso(k.lastUsedAt), k.revokedAt ? `revoked ${iso(k.revokedAt)}` : 'active']),
      ),
    );
  });
}
