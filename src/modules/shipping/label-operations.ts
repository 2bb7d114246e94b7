import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { labelOperations, type LabelOperationProgress } from '../../platform/db/schema/index.js';
import { AppError, type ErrorCode } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { systemActor } from '../../platform/auth/roles.js';
import type { CarrierAdapter } from './carriers/adapter.js';

export type LabelOperationRow = typeof labelOperations.$inferSelect;
type StoredError = NonNullable<LabelOperationRow['error']>;

/**
 * Reserves an aggregator label operation for a fulfillment order, in the caller's transaction (which
 * holds the fulfillment order's lock): at most one purchase or void is in flight per fulfillment
 * order, so two clicks never buy two labels. 409 while another one runs.
 */
export async function reserveLabelOperation(
  tx: Db,
  ctx: Pick<Deps, 'newId'> & { at: Date },
  op: { kind: 'purchase' | 'void'; fulfillmentOrderId: string; fulfillmentNumber: string; carrierCode: string; shipmentId?: string | null; request: Record<string, unknown> },
): Promise<string> {
  const [running] = await tx
    .select({ kind: labelOperations.kind, createdAt: labelOperations.createdAt })
    .from(labelOperations)
    .where(and(eq(labelOperations.fulfillmentOrderId, op.fulfillmentOrderId), eq(labelOperations.status, 'pending')));
  if (running) {
    throw new AppError('conflict', `A label ${running.kind} for ${op.fulfillmentNumber} is in progress (since ${running.createdAt.toISOString()}); retry when it has finished`, { operation: running.kind });
  }
  const id = ctx.newId();
  await tx.insert(labelOperations).values({
    id,
    kind: op.kind,
    fulfillmentOrderId: op.fulfillmentOrderId,
    shipmentId: op.shipmentId ?? null,
    carrierCode: op.carrierCode,
    status: 'pending',
    request: op.request,
    progress: {},
    createdAt: ctx.at,
  });
  return id;
}

export async function loadLabelOperation(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<LabelOperationRow | undefined> {
  const q = db.select().from(labelOperations).where(eq(labelOperations.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

/** Records what the provider did so far (its own short transaction: a crash right after still knows). */
export async function recordProgress(db: Db, id: string, progress: LabelOperationProgress): Promise<void> {
  await db
    .update(labelOperations)
    .set({ progress: sql`${labelOperations.progress} || ${JSON.stringify(progress)}::jsonb` })
    .where(and(eq(labelOperations.id, id), eq(labelOperations.status, 'pending')));
}

/** The problem a failed operation answered, kept so an idempotent retry answers the same. */
export function storedError(e: unknown): StoredError {
  if (e instanceof AppError) return { code: e.code, message: e.message, extensions: e.extra };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export const errorOf = (op: LabelOperationRow): AppError => new AppError((op.error?.code ?? 'internal') as ErrorCode, op.error?.message ?? 'The label operation failed', op.error?.extensions ?? {});

/** Marks a pending operation finished in the caller's transaction (the caller locked it). */
export async function finishLabelOperation(tx: Db, id: string, at: Date, outcome: { shipmentId: string } | { error: StoredError }): Promise<void> {
  await tx
    .update(labelOperations)
    .set('error' in outcome ? { status: 'failed', error: outcome.error, finishedAt: at } : { status: 'succeeded', shipmentId: outcome.shipmentId, finishedAt: at })
    .where(and(eq(labelOperations.id, id), eq(labelOperations.status, 'pending')));
}

/**
 * Ends a label operation that cannot finish (a purchase that failed after the sale, or one the sweep
 * found interrupted; a void the sweep found interrupted). Refunds the labels a purchase recorded as
 * bought, and `alsoBought` (labels the caller holds that may
 * not be recorded yet), best effort: each refund's answer is noted. Fails the operation with `error`
 * if it is still pending; if it is not (the sweep took it), the caller's labels are refunded anyway.
 */
export async function abandonLabelOperation(
  deps: Pick<Deps, 'db' | 'clock'>,
  adapter: CarrierAdapter | undefined,
  id: string,
  error: StoredError,
  alsoBought: Array<{ providerLabelId: string; trackingNumber: string }> = [],
): Promise<void> {
  const op = await loadLabelOperation(deps.db, id);
  if (!op) return;
  const pending = op.status === 'pending';
  const recorded = pending && op.kind === 'purchase' ? (op.progress.labels ?? []) : [];
  const refunded = new Set((op.progress.refunds ?? []).map((r) => r.providerLabelId));
  const toRefund = [...recorded, ...alsoBought].filter((l, i, all) => !refunded.has(l.providerLabelId) && all.findIndex((x) => x.providerLabelId === l.providerLabelId) === i);
  const refunds: NonNullable<LabelOperationProgress['refunds']> = [];
  for (const l of toRefund) {
    const r = adapter ? await adapter.voidLabel(l).catch((e: Error) => ({ status: `error: ${e.message}`, accepted: false })) : { status: 'not configured', accepted: false };
    refunds.push({ providerLabelId: l.providerLabelId, ...r });
  }
  await deps.db.transaction(async (tx) => {
    await loadLabelOperation(tx, id, { lock: true });
    if (refunds.length) {
      const all = [...(op.progress.refunds ?? []), ...refunds];
      await tx.update(labelOperations).set({ progress: sql`${labelOperations.progress} || ${JSON.stringify({ refunds: all })}::jsonb` }).where(eq(labelOperations.id, id));
    }
    if (pending) await finishLabelOperation(tx, id, deps.clock.now(), { error });
  });
}

/**
 * The label sweep: operations still pending after `olderThanMs` were cut off by a crash or a
 * restart. Labels they recorded as bought are refunded at the provider, and they are failed, which
 * frees the fulfillment order for a new purchase (or void). Returns how many it abandoned.
 */
export async function abandonStaleLabelOperations(deps: Pick<Deps, 'db' | 'clock' | 'carrierApis'>, olderThanMs = 10 * 60_000): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - olderThanMs);
  const stale = await deps.db
    .select()
    .from(labelOperations)
    .where(and(eq(labelOperations.status, 'pending'), lte(labelOperations.createdAt, before)))
    .orderBy(asc(labelOperations.createdAt))
    .limit(100);
  for (const op of stale) {
    const adapterKind = op.request.adapter as 'easypost' | 'shippo' | undefined;
    const adapter = adapterKind ? deps.carrierApis?.[adapterKind] : undefined;
    const message =
      op.kind === 'purchase'
        ? `The label purchase was interrupted (pending since ${op.createdAt.toISOString()}); labels it had bought were refunded`
        : `The label void was interrupted (pending since ${op.createdAt.toISOString()}); void the shipment again`;
    await abandonLabelOperation(deps, adapter, op.id, { code: 'unavailable', message });
    await deps.db.transaction((tx) =>
      recordAudit(tx, { actor: systemActor, at: deps.clock.now() }, { action: `label_operation.abandoned`, entityType: 'fulfillment_order', entityId: op.fulfillmentOrderId, after: { operationId: op.id, kind: op.kind } }),
    );
  }
  return stale.length;
}
