import { eq } from 'drizzle-orm';
import type { Ctx, Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { supportInboundKeys } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { supportSettingsUpdated } from './support.events.js';

/** Providers that sign inbound webhooks with a key they assign (Postmark authenticates with our secret instead). */
export type KeyedProvider = 'mailgun';

export interface InboundKeyJson {
  configured: boolean;
  /** `…` and the last four characters: enough to tell keys apart, never the key. */
  hint: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

const box = (deps: Pick<Deps, 'channelSecrets'>) => {
  if (!deps.channelSecrets) throw new AppError('unavailable', 'Signing keys cannot be stored: no secret key (ORDO_SECRET_KEY)');
  return deps.channelSecrets;
};

export async function inboundKeyInfo(db: Db, provider: KeyedProvider): Promise<InboundKeyJson> {
  const [row] = await db.select().from(supportInboundKeys).where(eq(supportInboundKeys.provider, provider));
  return row ? { configured: true, hint: `…${row.hint}`, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy } : { configured: false, hint: null, updatedAt: null, updatedBy: null };
}

/**
 * The signing key an admin stored for `provider`, decrypted; null when none is stored. A key sealed
 * under another server key cannot be opened: 503 saying so, never a 500 and never a silent fallback.
 */
export async function inboundSigningKey(deps: Pick<Deps, 'db' | 'channelSecrets'>, provider: KeyedProvider): Promise<string | null> {
  const [row] = await deps.db.select().from(supportInboundKeys).where(eq(supportInboundKeys.provider, provider));
  if (!row) return null;
  try {
    return box(deps).open(row.keyCiphertext);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('unavailable', `The ${provider} signing key cannot be decrypted with this server's secret key (ORDO_SECRET_KEY or secret.key changed?); enter it again`);
  }
}

/** Stores (or replaces) a provider's signing key, sealed; audited and announced without the key. */
export async function putInboundSigningKey(ctx: Ctx, provider: KeyedProvider, key: string): Promise<InboundKeyJson> {
  const at = ctx.clock.now();
  const by = actorLabel(ctx.actor);
  const values = { keyCiphertext: box(ctx).seal(key), hint: key.slice(-4), updatedBy: by, updatedAt: at };
  await ctx.db.transaction(async (tx) => {
    const before = await inboundKeyInfo(tx, provider);
    await tx.insert(supportInboundKeys).values({ provider, ...values }).onConflictDoUpdate({ target: supportInboundKeys.provider, set: values });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(supportSettingsUpdated, `${provider}_signing_key`, { what: `${provider}_signing_key`, updatedBy: by })]);
    await recordAudit(tx, { ...ctx, at }, { action: `support.${provider}_signing_key_set`, entityType: 'support_settings', entityId: `${provider}_signing_key`, before: { hint: before.hint }, after: { hint: `…${values.hint}` } });
  });
  return inboundKeyInfo(ctx.db, provider);
}

/** Removes a provider's signing key (404 when none is stored): its webhook is refused until one is stored again. */
export async function deleteInboundSigningKey(ctx: Ctx, provider: KeyedProvider): Promise<InboundKeyJson> {
  const at = ctx.clock.now();
  const by = actorLabel(ctx.actor);
  await ctx.db.transaction(async (tx) => {
    const gone = await tx.delete(supportInboundKeys).where(eq(supportInboundKeys.provider, provider)).returning({ hint: supportInboundKeys.hint });
    if (gone.length === 0) throw new AppError('not_found', `No ${provider} signing key is stored`);
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(supportSettingsUpdated, `${provider}_signing_key`, { what: `${provider}_signing_key`, updatedBy: by })]);
    await recordAudit(tx, { ...ctx, at }, { action: `support.${provider}_signing_key_removed`, entityType: 'support_settings', entityId: `${provider}_signing_key`, before: { hint: `…${gone[0]!.hint}` } });
  });
  return inboundKeyInfo(ctx.db, provider);
}
