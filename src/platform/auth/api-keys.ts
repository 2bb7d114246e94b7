import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiKeys } from '../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { Actor, Role } from './roles.js';

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Keys look like `ordo_<8 char prefix>_<43 char secret>`. API keys are long random secrets, so a
 * fast hash (SHA-256) is enough; passwords (low entropy) use argon2 instead.
 */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('base64url').slice(0, 8);
  const secret = randomBytes(32).toString('base64url');
  const key = `ordo_${prefix}_${secret}`;
  return { key, prefix, secretHash: hash(key) };
}

export async function createApiKey(
  db: Db,
  deps: { clock: Clock; newId: () => string },
  input: { name: string; role: Role },
): Promise<{ id: string; key: string; prefix: string; name: string; role: Role; createdAt: Date }> {
  const { key, prefix, secretHash } = generateApiKey();
  const id = deps.newId();
  const createdAt = deps.clock.now();
  await db.insert(apiKeys).values({ id, name: input.name, prefix, secretHash, role: input.role, createdAt });
  return { id, key, prefix, name: input.name, role: input.role, createdAt };
}

export async function countActiveApiKeys(db: Db): Promise<number> {
  const rows = await db.select({ id: apiKeys.id }).from(apiKeys).where(isNull(apiKeys.revokedAt)).limit(1);
  return rows.length;
}

interface CacheEntry {
  actor: Actor | null;
  expires: number;
}

/**
 * How long a lookup is reused: a key revoked on one process is refused by every other process
 * within this time (the revoking process drops its cache at once). Short enough for revocation
 * (under 1 s), long enough that a busy client costs one key lookup per second, not one per request.
 */
export const apiKeyCacheTtlMs = 800;

/**
 * Resolves bearer tokens to actors. Lookups are cached for `ttlMs` (default 800 ms; revocation takes
 * effect everywhere within that window) so the hot path of every request is not a database round trip.
 */
export class ApiKeyResolver {
  private cache = new Map<string, CacheEntry>();
  constructor(
    private db: Db,
    private opts: { devApiKey?: string | undefined; ttlMs?: number; clock: Clock },
  ) {}

  invalidate(): void {
    this.cache.clear();
  }

  async resolve(token: string): Promise<Actor | null> {
    const dev = this.opts.devApiKey;
    if (dev && token.length === dev.length && timingSafeEqual(Buffer.from(token), Buffer.from(dev))) {
      return { type: 'api_key', id: 'dev', role: 'admin', name: 'ORDO_DEV_API_KEY' };
    }
    const now = this.opts.clock.now().getTime();
    const hit = this.cache.get(token);
    if (hit && hit.expires > now) return hit.actor;
    const m = /^ordo_([A-Za-z0-9_-]{8})_[A-Za-z0-9_-]{20,}$/.exec(token);
    let actor: Actor | null = null;
    if (m) {
      const [row] = await this.db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.prefix, m[1]!), isNull(apiKeys.revokedAt)))
        .limit(1);
      if (row && timingSafeEqual(Buffer.from(row.secretHash), Buffer.from(hash(token)))) {
        actor = { type: 'api_key', id: row.id, role: row.role as Role, name: row.name };
        await this.db.update(apiKeys).set({ lastUsedAt: new Date(now) }).where(eq(apiKeys.id, row.id));
      }
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { actor, expires: now + (this.opts.ttlMs ?? apiKeyCacheTtlMs) });
    return actor;
  }
}
