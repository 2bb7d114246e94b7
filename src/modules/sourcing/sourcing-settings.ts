import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { sourcingSettings } from '../../platform/db/schema/index.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { EXACT_CANDIDATE_LIMIT, EXACT_STEP_BUDGET } from '../../domain/sourcing/index.js';
import { newEvent } from '../../platform/events/define.js';
import { sourcingSettingsUpdated } from './sourcing.events.js';

/** The sourcing configuration in code (money in minor units of the sourcing currency). */
export interface SourcingSettings {
  splitPenalty: bigint;
  neverSplitBelow: bigint | null;
  maxLocationsPerOrder: number | null;
  exactCandidateLimit: number;
  exactStepBudget: number;
  shippingBase: bigint;
  shippingPerKm: bigint;
  shippingPerKg: bigint;
}

/** Used while no settings row exists (the column defaults say the same). */
export const defaultSourcingSettings: SourcingSettings = {
  splitPenalty: 300n,
  neverSplitBelow: null,
  maxLocationsPerOrder: null,
  exactCandidateLimit: EXACT_CANDIDATE_LIMIT,
  exactStepBudget: EXACT_STEP_BUDGET,
  shippingBase: 450n,
  shippingPerKm: 1n,
  shippingPerKg: 50n,
};

/** SQL expression: the settings row as JSON with bigints as text (null when absent). */
export const SETTINGS_JSON_SQL = `(select json_build_object(
    'splitPenalty', s.split_penalty_amount::text, 'neverSplitBelow', s.never_split_below_amount::text,
    'maxLocationsPerOrder', s.max_locations_per_order, 'exactCandidateLimit', s.exact_candidate_limit,
    'exactStepBudget', s.exact_step_budget, 'shippingBase', s.shipping_base_amount::text,
    'shippingPerKm', s.shipping_per_km_amount::text, 'shippingPerKg', s.shipping_per_kg_amount::text)
  from sourcing_settings s where s.id = 1)`;

type SettingsJsonRow = Record<keyof SourcingSettings, string | number | null>;

export function settingsFromJson(j: SettingsJsonRow | null | undefined): SourcingSettings {
  if (!j) return defaultSourcingSettings;
  return {
    splitPenalty: BigInt(j.splitPenalty!),
    neverSplitBelow: j.neverSplitBelow === null ? null : BigInt(j.neverSplitBelow),
    maxLocationsPerOrder: j.maxLocationsPerOrder === null ? null : Number(j.maxLocationsPerOrder),
    exactCandidateLimit: Number(j.exactCandidateLimit),
    exactStepBudget: Number(j.exactStepBudget),
    shippingBase: BigInt(j.shippingBase!),
    shippingPerKm: BigInt(j.shippingPerKm!),
    shippingPerKg: BigInt(j.shippingPerKg!),
  };
}

export async function loadSourcingSettings(db: Db): Promise<SourcingSettings> {
  const [row] = await db.select().from(sourcingSettings).where(eq(sourcingSettings.id, 1));
  if (!row) return defaultSourcingSettings;
  return {
    splitPenalty: row.splitPenaltyAmount,
    neverSplitBelow: row.neverSplitBelowAmount,
    maxLocationsPerOrder: row.maxLocationsPerOrder,
    exactCandidateLimit: row.exactCandidateLimit,
    exactStepBudget: row.exactStepBudget,
    shippingBase: row.shippingBaseAmount,
    shippingPerKm: row.shippingPerKmAmount,
    shippingPerKg: row.shippingPerKgAmount,
  };
}

/** Replaces the settings (the row is created on first save); audited, emits `sourcing.settings_updated`. */
export async function saveSourcingSettings(ctx: Ctx, next: SourcingSettings): Promise<SourcingSettings> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(sourcingSettings).where(eq(sourcingSettings.id, 1)).for('update');
    const before = locked ? await loadSourcingSettings(tx) : defaultSourcingSettings;
    const values = {
      splitPenaltyAmount: next.splitPenalty,
      neverSplitBelowAmount: next.neverSplitBelow,
      maxLocationsPerOrder: next.maxLocationsPerOrder,
      exactCandidateLimit: next.exactCandidateLimit,
      exactStepBudget: next.exactStepBudget,
      shippingBaseAmount: next.shippingBase,
      shippingPerKmAmount: next.shippingPerKm,
      shippingPerKgAmount: next.shippingPerKg,
      updatedAt: at,
      updatedBy: actorLabel(ctx.actor),
    };
    await tx.insert(sourcingSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: sourcingSettings.id, set: values });
    const plain = (s: SourcingSettings) => JSON.parse(JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    await recordAudit(tx, { ...ctx, at }, { action: 'sourcing.settings_updated', entityType: 'sourcing_settings', entityId: '1', before: plain(before), after: plain(next) });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(sourcingSettingsUpdated, '1', plain(next))]);
    return next;
  });
}
