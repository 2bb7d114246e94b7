import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { returnPolicySettings } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { defaultReturnPolicy, type ReturnPolicy } from '../../domain/returns/return-policy.js';
import { returnPolicyUpdated } from './returns.events.js';
import type { ReturnPolicyInput } from './returns.schemas.js';

export interface ReturnPolicyJson extends ReturnPolicy {
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The effective policy: the stored one, or the defaults when none was saved. */
export async function getReturnPolicy(db: Db): Promise<ReturnPolicyJson> {
  const [row] = await db.select().from(returnPolicySettings).where(eq(returnPolicySettings.id, 1));
  if (!row) return { ...defaultReturnPolicy, updatedAt: null, updatedBy: null };
  return { ...defaultReturnPolicy, ...(row.policy as unknown as ReturnPolicy), updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
}

/** Replaces the whole policy (validated by the route schema). */
export async function putReturnPolicy(ctx: Ctx, input: ReturnPolicyInput): Promise<ReturnPolicyJson> {
  const at = ctx.clock.now();
  const by = actorLabel(ctx.actor);
  return ctx.db.transaction(async (tx) => {
    const before = await getReturnPolicy(tx);
    const policy = input as unknown as Record<string, unknown>;
    await tx
      .insert(returnPolicySettings)
      .values({ id: 1, policy, updatedBy: by, updatedAt: at })
      .onConflictDoUpdate({ target: returnPolicySettings.id, set: { policy, updatedBy: by, updatedAt: at } });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(returnPolicyUpdated, '1', { updatedBy: by })]);
    const after = { ...(input as ReturnPolicy), updatedAt: at.toISOString(), updatedBy: by };
    await recordAudit(tx, { ...ctx, at }, { action: 'return_policy.updated', entityType: 'return_policy', entityId: '1', before, after });
    return after;
  });
}
