import { isDeepStrictEqual } from 'node:util';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { riskSettings } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { defaultRiskConfig, mergeRiskConfig, type RiskConfig } from '../../domain/risk/index.js';
import type { UpdateRiskSettings } from './risk.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { riskSettingsUpdated } from './risk.events.js';

type Overlay = Parameters<typeof mergeRiskConfig>[1];

export interface RiskSettingsJson extends RiskConfig {
  updatedAt: string | null;
  updatedBy: string | null;
}

const toJson = (config: RiskConfig, row: { updatedAt: Date; updatedBy: string } | undefined): RiskSettingsJson => ({
  ...config,
  updatedAt: row?.updatedAt.toISOString() ?? null,
  updatedBy: row?.updatedBy ?? null,
});

/** The effective settings: the stored row over the defaults (rules added later get their defaults). */
export async function getRiskSettings(db: Db, opts: { lock?: boolean } = {}): Promise<RiskSettingsJson> {
  const q = db.select().from(riskSettings).where(eq(riskSettings.id, 1));
  const [row] = opts.lock ? await q.for('update') : await q;
  return toJson(row ? mergeRiskConfig(defaultRiskConfig, row.config as Overlay) : defaultRiskConfig, row);
}

/** Changes the fields sent (validated by the route schema); stores the whole effective config. */
export async function updateRiskSettings(ctx: Ctx, input: UpdateRiskSettings): Promise<RiskSettingsJson> {
  const at = ctx.clock.now();
  // Nothing to change (e.g. `{}`): no row, audit record or event is written.
  const current = await getRiskSettings(ctx.db);
  const wanted = mergeRiskConfig(current, input as Overlay);
  if (isDeepStrictEqual({ threshold: wanted.threshold, rules: wanted.rules }, { threshold: current.threshold, rules: current.rules })) return current;
  return ctx.db.transaction(async (tx) => {
    // Make sure the row exists before locking it, so two first-ever updates serialise too.
    const seeded = await tx.insert(riskSettings).values({ id: 1, config: defaultRiskConfig as unknown as Record<string, unknown>, updatedBy: 'defaults', updatedAt: at }).onConflictDoNothing().returning({ id: riskSettings.id });
    const locked = await getRiskSettings(tx, { lock: true });
    const before = seeded.length ? { ...locked, updatedAt: null, updatedBy: null } : locked;
    const config = mergeRiskConfig(before, input as Overlay);
    const by = actorLabel(ctx.actor);
    await tx
      .insert(riskSettings)
      .values({ id: 1, config: config as unknown as Record<string, unknown>, updatedBy: by, updatedAt: at })
      .onConflictDoUpdate({ target: riskSettings.id, set: { config: config as unknown as Record<string, unknown>, updatedBy: by, updatedAt: at } });
    const after = toJson(config, { updatedAt: at, updatedBy: by });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(riskSettingsUpdated, '1', { threshold: config.threshold, rules: config.rules })]);
    await recordAudit(tx, { ...ctx, at }, { action: 'risk_settings.updated', entityType: 'risk_settings', entityId: '1', before, after });
    return after;
  });
}
