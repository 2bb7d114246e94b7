import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { actorLabel } from '../../platform/auth/roles.js';
import { requireTransition, setFulfillmentStatus, type LoadedFulfillment } from './fulfillment.repository.js';
import { advanceOrder } from './order-progress.js';
import { inFulfillmentTx, requireNoActiveHold } from './fulfillment.tx.js';
import { newEvent } from '../../platform/events/define.js';
import { fulfillmentPickingStarted } from './fulfillment.events.js';

/**
 * open -> picking, assigned to the caller; the first one moves the order confirmed -> processing
 * (refused while the order has an active hold).
 */
export async function startPickingInTx(tx: Db, ctx: Ctx, f: LoadedFulfillment, at: Date, pickListId?: string): Promise<void> {
  requireTransition(f.fo, 'picking', 'start picking');
  await requireNoActiveHold(tx, f, 'picking');
  await advanceOrder(tx, ctx, { orderId: f.fo.orderId, steps: ['processing'], reason: `picking ${f.fo.number}`, at });
  await setFulfillmentStatus(tx, f.fo, 'picking', at, { assignedTo: actorLabel(ctx.actor), ...(pickListId ? { pickListId } : {}) });
  const payload = { fulfillmentOrderId: f.fo.id, number: f.fo.number, orderId: f.fo.orderId, locationCode: f.fo.locationCode, assignedTo: actorLabel(ctx.actor), pickListId: pickListId ?? null };
  await enqueueEvents(tx, { ...ctx, at }, [newEvent(fulfillmentPickingStarted, f.fo.id, payload)]);
  await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.picking_started', entityType: 'fulfillment_order', entityId: f.fo.id, before: { status: f.fo.status }, after: { status: 'picking' } });
}

export async function startPicking(ctx: Ctx, id: string) {
  return (await inFulfillmentTx(ctx, id, (tx, f, at) => startPickingInTx(tx, ctx, f, at))).json;
}
