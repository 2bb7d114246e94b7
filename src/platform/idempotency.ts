import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from './db/client.js';
import { idempotencyKeys } from './db/schema/index.js';
import { AppError } from './errors.js';
import { toJson } from './json.js';
import type { Ctx } from './context.js';

export interface Outcome<T> {
  status: number;
  body: T;
}

class ReplayInstead extends Error {}

const fingerprint = (route: string, request: unknown) =>
  createHash('sha256').update(route).update('\0').update(JSON.stringify(toJson(request))).digest('hex');

/**
 * Runs `work` in one transaction. With an `Idempotency-Key`, the response is stored in that same
 * transaction, so a retry (even one racing the first request) gets the stored response instead of a
 * second effect; the same key with a different request is a 409. Refusals (4xx) are not stored, so a
 * client can fix the request and retry with the same key.
 */
export async function runIdempotent<T>(
  ctx: Ctx,
  opts: { key: string | undefined; route: string; request: unknown },
  work: (tx: Db) => Promise<Outcome<T>>,
): Promise<Outcome<T> & { replayed: boolean }> {
  if (!opts.key) return { ...(await ctx.db.transaction(work)), replayed: false };
  if (opts.key.length > 255) throw new AppError('validation_failed', 'Idempotency-Key is longer than 255 characters', { errors: [{ path: 'header.idempotency-key', message: 'at most 255 characters' }] });
  const actorId = `${ctx.actor.type}:${ctx.actor.id}`;
  const hash = fingerprint(opts.route, opts.request);
  const replay = async (): Promise<(Outcome<T> & { replayed: boolean }) | undefined> => {
    const [row] = await ctx.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, opts.key!)));
    if (!row) return undefined;
    if (row.requestHash !== hash || row.route !== opts.route) {
      throw new AppError('idempotency_conflict', `Idempotency-Key ${opts.key} was used for a different request`);
    }
    return { status: row.statusCode, body: row.response as T, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const out = await ctx.db.transaction(async (tx) => {
      // Claim the key first: a concurrent twin blocks on the primary key until this transaction ends,
      // then replays our stored response (or, if we rolled back, does the work itself).
      const claimed = await tx
        .insert(idempotencyKeys)
        .values({ actorId, key: opts.key!, route: opts.route, requestHash: hash, statusCode: 0, response: {}, createdAt: ctx.clock.now() })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (claimed.length === 0) throw new ReplayInstead();
      const result = await work(tx);
      await tx
        .update(idempotencyKeys)
        .set({ statusCode: result.status, response: toJson(result.body) })
        .where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, opts.key!)));
      return result;
    });
    return { ...out, replayed: false };
  } catch (e) {
    if (!(e instanceof ReplayInstead)) throw e;
    const twin = await replay();
    if (!twin) throw new AppError('conflict', 'A request with the same Idempotency-Key is in progress; retry');
    return twin;
  }
}

/**
 * The stored response of an earlier request with this Idempotency-Key, or undefined — for use cases
 * that do work before their transaction (a gateway call) and must answer a retry before redoing it.
 * Same key, different request → 409 like runIdempotent.
 */
export async function storedOutcome<T>(ctx: Ctx, opts: { key: string | undefined; route: string; request: unknown }): Promise<(Outcome<T> & { replayed: true }) | undefined> {
  if (!opts.key) return undefined;
  const [row] = await ctx.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actorId, `${ctx.actor.type}:${ctx.actor.id}`), eq(idempotencyKeys.key, opts.key)));
  if (!row || row.statusCode === 0) return undefined;
  if (row.requestHash !== fingerprint(opts.route, opts.request) || row.route !== opts.route) {
    throw new AppError('idempotency_conflict', `Idempotency-Key ${opts.key} was used for a different request`);
  }
  return { status: row.statusCode, body: row.response as T, replayed: true };
}
