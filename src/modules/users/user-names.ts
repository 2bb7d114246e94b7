import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { users } from '../../platform/db/schema/index.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Display names of console users by id (ids that are not UUIDs or not users are left out). */
export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, { name: string; disabled: boolean }>> {
  const wanted = [...new Set(ids.filter((id) => uuid.test(id)).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name, disabled: users.disabled }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, { name: r.name, disabled: r.disabled }]));
}
