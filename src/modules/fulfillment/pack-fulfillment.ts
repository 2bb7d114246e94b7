import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { boxes, fulfillmentPackages } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { boxRefusal, chooseCarton, type Box, type PackItem } from '../../domain/fulfillment/carton.js';
import { loadFulfillment, remainingOf, setFulfillmentStatus, type LoadedFulfillment } from './fulfillment.repository.js';
import { inFulfillmentTx } from './fulfillment.tx.js';

export interface PackInput {
  boxCode?: string | undefined;
  weightGrams?: number | undefined;
  dimensions?: { length: number; width: number; height: number } | undefined;
}

/** Every picked unit as a pack item with its catalog dimensions and weight. */
export const packItems = (f: LoadedFulfillment): PackItem[] =>
  f.lines.flatMap((l) => Array.from({ length: l.picked }, () => ({ sku: l.sku, lengthMm: l.lengthMm, widthMm: l.widthMm, heightMm: l.heightMm, weightGrams: l.weightGrams })));

export async function activeBoxes(db: Db): Promise<Box[]> {
  const rows = await db.select().from(boxes).where(eq(boxes.active, true)).orderBy(asc(boxes.code));
  return rows.map((b) => ({ code: b.code, lengthMm: b.lengthMm, widthMm: b.widthMm, heightMm: b.heightMm, maxWeightGrams: b.maxWeightGrams, tareWeightGrams: b.tareWeightGrams }));
}

/** The pack station's suggestion: the smallest active box that takes every picked unit, or why none does. */
export async function suggestBox(db: Db, id: string) {
  const f = await loadFulfillment(db, id);
  const choice = chooseCarton(packItems(f), await activeBoxes(db));
  return choice.ok
    ? { boxCode: choice.box.code, grossWeightGrams: choice.grossWeightGrams, contentWeightGrams: choice.contentWeightGrams, reason: null }
    : { boxCode: null, grossWeightGrams: null, contentWeightGrams: choice.contentWeightGrams, reason: choice.reason };
}

/**
 * Packs the picked units into one carton: refused while picking is incomplete or customization steps
 * are open. Without `boxCode` the smallest fitting box is used; a named box must fit too. Weight
 * defaults to contents + tare, dimensions to the box's.
 */
export async function packFulfillment(ctx: Ctx, id: string, input: PackInput) {
  return (
    await inFulfillmentTx(ctx, id, async (tx, f, at) => {
      if (f.fo.status === 'open' || f.fo.status === 'picking') {
        const left = f.lines.filter((l) => remainingOf(l) > 0).map((l) => `${l.sku} (${remainingOf(l)} left)`);
        throw new AppError('conflict', `Picking of ${f.fo.number} is incomplete: ${left.join(', ') || 'not started'}`, { reason: 'picking_incomplete' });
      }
      if (f.fo.status !== 'picked' && f.fo.status !== 'packing') {
        throw new AppError('illegal_transition', `Fulfillment order ${f.fo.number} is ${f.fo.status} and cannot be packed`);
      }
      const open = f.steps.filter((s) => !s.confirmed && (f.lines.find((l) => l.id === s.fulfillmentLineId)?.picked ?? 0) > 0);
      if (open.length) {
        throw new AppError('business_rule', `Complete the work steps before packing: ${open.map((s) => s.label).join(', ')}`, { reason: 'work_steps_open', steps: open.map((s) => s.id) });
      }
      const items = packItems(f);
      const catalog = await activeBoxes(tx);
      let box: Box;
      if (input.boxCode) {
        const named = catalog.find((b) => b.code === input.boxCode);
        if (!named) throw new AppError('validation_failed', `Box ${input.boxCode} is not an active box of the catalog`, { errors: [{ path: 'boxCode', message: 'is not an active box' }] });
        const refusal = boxRefusal(items, named);
        if (refusal) throw new AppError('business_rule', `Box ${named.code} does not fit: ${refusal}`, { reason: 'box_too_small', errors: [{ path: 'boxCode', message: refusal }] });
        box = named;
      } else {
        const choice = chooseCarton(items, catalog);
        if (!choice.ok) throw new AppError('business_rule', choice.reason, { reason: 'no_box_fits' });
        box = choice.box;
      }
      const content = items.reduce((s, i) => s + (i.weightGrams ?? 0), 0);
      const weightGrams = input.weightGrams ?? Math.max(1, content + box.tareWeightGrams);
      const dims = input.dimensions ?? { length: box.lengthMm, width: box.widthMm, height: box.heightMm };
      await tx.insert(fulfillmentPackages).values({
        id: ctx.newId(), fulfillmentOrderId: f.fo.id, boxCode: box.code, weightGrams, lengthMm: dims.length, widthMm: dims.width, heightMm: dims.height, createdAt: at,
      });
      const extra = f.fo.status === 'picked' ? { packingAt: at } : {};
      await setFulfillmentStatus(tx, f.fo, 'packed', at, extra);
      const payload = { fulfillmentOrderId: f.fo.id, number: f.fo.number, orderId: f.fo.orderId, locationCode: f.fo.locationCode, boxCode: box.code, weightGrams, dimensionsMm: dims, suggested: !input.boxCode };
      await enqueueEvents(tx, { ...ctx, at }, [{ type: 'fulfillment.packed', aggregateType: 'fulfillment_order', aggregateId: f.fo.id, payload }]);
      await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.packed', entityType: 'fulfillment_order', entityId: f.fo.id, before: { status: f.fo.status }, after: payload });
    })
  ).json;
}
