import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { channelConnections } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { channelConnectionSaved } from './channels.events.js';
import { requiredCredentials } from './channels.schemas.js';
import { loadConnection, type ConnectionRow } from './channels.repository.js';
import type { SecretBox } from './secret-box.js';
import type { z } from 'zod';
import type { createConnectionBody, updateConnectionBody } from './channels.schemas.js';

export const secretsOf = (ctx: { channelSecrets?: SecretBox | undefined }): SecretBox => {
  if (!ctx.channelSecrets) throw new AppError('unavailable', 'Channel credentials cannot be used: no secret key (ORDO_SECRET_KEY)');
  return ctx.channelSecrets;
};

/** The decrypted credentials of a connection (for connectors only; never returned or logged). */
export const credentialsOf = (ctx: { channelSecrets?: SecretBox | undefined }, c: ConnectionRow): Record<string, string> =>
  JSON.parse(secretsOf(ctx).open(c.credentialsCiphertext)) as Record<string, string>;

export function connectionJson(ctx: { channelSecrets?: SecretBox | undefined }, c: ConnectionRow) {
  let names: string[] = [];
  try {
    names = Object.keys(credentialsOf(ctx, c)).sort();
  } catch {
    names = [];
  }
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    settings: c.settings,
    credentialNames: names,
    active: c.active,
    webhookPath: c.type === 'amazon' || c.type === 'pos' ? null : `/api/v1/channels/webhooks/${c.type}/${c.id}`,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

function checkCredentials(type: ConnectionRow['type'], creds: Record<string, string>) {
  const missing = requiredCredentials[type].filter((k) => !creds[k]);
  if (missing.length) {
    throw new AppError('validation_failed', `Missing credentials for ${type}: ${missing.join(', ')}`, {
      errors: missing.map((k) => ({ path: `credentials.${k}`, message: 'is required' })),
    });
  }
}

export async function createConnection(ctx: Ctx, input: z.output<typeof createConnectionBody>) {
  checkCredentials(input.type, input.credentials);
  const at = ctx.clock.now();
  const sealed = secretsOf(ctx).seal(JSON.stringify(input.credentials));
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(channelConnections)
      .values({ id: ctx.newId(), name: input.name, type: input.type, credentialsCiphertext: sealed, settings: input.settings, active: true, createdAt: at, updatedAt: at })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('duplicate', `A channel connection named ${input.name} exists`, { errors: [{ path: 'name', message: 'is taken' }] });
    const json = connectionJson(ctx, row);
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(channelConnectionSaved, row.id, { connectionId: row.id, name: row.name, type: row.type, active: true, credentialsChanged: true })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'channel_connection.created', entityType: 'channel_connection', entityId: row.id, after: json });
    return json;
  });
}

export async function updateConnection(ctx: Ctx, id: string, input: z.output<typeof updateConnectionBody>) {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const before = await loadConnection(tx, id, { lock: true });
    const set: Partial<ConnectionRow> = { updatedAt: at };
    if (input.credentials) {
      // Merged over the stored ones so one secret can be rotated without resending the others.
      const merged = { ...credentialsOf(ctx, before), ...input.credentials };
      checkCredentials(before.type, merged);
      set.credentialsCiphertext = secretsOf(ctx).seal(JSON.stringify(merged));
    }
    if (input.settings) set.settings = { ...before.settings, ...input.settings };
    if (input.active !== undefined) set.active = input.active;
    const [row] = await tx.update(channelConnections).set(set).where(eq(channelConnections.id, id)).returning();
    const json = connectionJson(ctx, row!);
    await enqueueEvents(tx, { ...ctx, at }, [
      newEvent(channelConnectionSaved, id, { connectionId: id, name: row!.name, type: row!.type, active: row!.active, credentialsChanged: !!input.credentials }),
    ]);
    await recordAudit(tx, { ...ctx, at }, { action: 'channel_connection.updated', entityType: 'channel_connection', entityId: id, before: connectionJson(ctx, before), after: json });
    return json;
  });
}
