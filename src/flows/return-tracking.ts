import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import type { TrackingUpdate } from '../domain/shipping/tracking-events.js';
import { findReturnByTrackingNumber, moveReturnInTx } from '../modules/returns/index.js';

const moving = new Set(['in_transit', 'out_for_delivery', 'delivered']);

/**
 * A carrier update for a return label (the customer's parcel on its way back): the first scan that
 * shows it moving takes the return from approved / label_issued to in_transit (history, event). Later
 * updates change nothing (the warehouse scan receives it). Null when no return has this tracking number.
 */
export async function applyReturnTracking(ctx: Ctx, u: TrackingUpdate): Promise<{ outcome: 'applied' | 'ignored'; shipment: string } | null> {
  const ret = await findReturnByTrackingNumber(ctx.db, u.trackingNumber);
  if (!ret) return null;
  if (!u.current || !moving.has(u.current) || !['approved', 'label_issued'].includes(ret.status)) return { outcome: 'ignored', shipment: ret.number };
  return ctx.db.transaction(async (tx) => {
    const locked = await findReturnByTrackingNumber(tx, u.trackingNumber);
    if (!locked || !['approved', 'label_issued'].includes(locked.status)) return { outcome: 'ignored' as const, shipment: ret.number };
    try {
      await moveReturnInTx(tx, ctx, { returnId: ret.id, to: 'in_transit', reason: `${u.carrier} ${u.current}: ${u.trackingNumber}` });
    } catch (e) {
      // A concurrent update moved it first: acknowledged, nothing more to do.
      if (e instanceof AppError && e.code === 'illegal_transition') return { outcome: 'ignored' as const, shipment: ret.number };
      throw e;
    }
    return { outcome: 'applied' as const, shipment: ret.number };
  });
}
