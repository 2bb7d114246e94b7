import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { users } from '../../platform/db/schema/index.js';

/** `@handle` tokens in a text: letters, digits, dot, dash, underscore (a trailing dot is punctuation). */
export function mentionHandles(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![\w@.])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu)) out.add(m[1]!.replace(/[._-]+$/, '').toLowerCase());
  return [...out];
}

/** The handles a user answers to: the local part of the email, the whole email, and the name without spaces (lower case). */
export const userHandles = (u: { email: string; name: string }): string[] => [u.email.split('@')[0]!, u.email, u.name.replace(/\s+/g, '')].map((h) => h.toLowerCase());

/**
 * Resolves the `@handle` mentions of a text to active console users (see `userHandles`); handles that
 * name nobody, or more than one user, are left as plain text.
 */
export async function resolveMentions(db: Db, text: string): Promise<Array<{ userId: string; handle: string; name: string }>> {
  const handles = mentionHandles(text);
  if (handles.length === 0) return [];
  const active = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.disabled, false));
  const out: Array<{ userId: string; handle: string; name: string }> = [];
  for (const handle of handles) {
    const hits = active.filter((u) => userHandles(u).includes(handle));
    if (hits.length === 1 && !out.some((m) => m.userId === hits[0]!.id)) out.push({ userId: hits[0]!.id, handle, name: hits[0]!.name });
  }
  return out;
}

/** Active console users with the handle to mention them by (the email's local part), for the console's note form. */
export async function mentionableUsers(db: Db): Promise<Array<{ id: string; name: string; handle: string }>> {
  const rows = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.disabled, false));
  return rows.map((u) => ({ id: u.id, name: u.name, handle: u.email.split('@')[0]!.toLowerCase() })).sort((a, b) => a.handle.localeCompare(b.handle));
}

/** The active console users among `userIds`, with the address their mail goes to (disabled users get none). */
export async function mentionRecipients(db: Db, userIds: readonly string[]): Promise<Array<{ id: string; email: string; name: string }>> {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(inArray(users.id, [...userIds]), eq(users.disabled, false)));
}
