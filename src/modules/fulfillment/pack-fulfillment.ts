import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { boxes, fulfillmentPackages, type PackageContents } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { boxRefusal, chooseCarton, type Box, type PackItem } from '../../domain/fulfillment/carton.js';
import { loadFulfillment, remainingOf, setFulfillmentStatus, type LoadedFulfillment } from './fulfillment.repository.js';
import { inFulfillmentTx } from './fulfillment.tx.js';
import { allContents, packageOf, planPackages, splitIntoCartons, type PackageInput, type PlannedPackage } from './pack-plan.js';
import { newEvent } from '../../platform/events/define.js';
import { fulfillmentPacked } from './fulfillment.events.js';

export interface PackInput {
  boxCode?: string | undefined;
  weightGrams?: number | undefined;
  dimensions?: { length: number; width: number; height: number } | undefined;
  /** Several cartons instead of boxCode/weightGrams/dimensions (see planPackages). */
  packages?: PackageInput[] | undefined;
}

/** Every picked unit as a pack item with its catalog dimensions and weight (and its line). */
export const packItems = (f: LoadedFulfillment): Array<PackItem & { lineId: string }> =>
  f.lines.flatMap((l) => Array.from({ length: l.picked }, () => ({ lineId: l.id, sku: l.sku, lengthMm: l.lengthMm, widthMm: l.widthMm, heightMm: l.heightMm, weightGrams: l.weightGrams })));

/** The contents of a carton of the split: units grouped by line. */
const contentsOf = (items: Array<PackItem & { lineId: string }>): PackageContents => {
  const out: PackageContents = [];
  for (const i of items) {
    const same = out.find((c) => c.lineId === i.lineId);
    if (same) same.quantity += 1;
    else out.push({ lineId: i.lineId, sku: i.sku, quantity: 1 });
  }
  return out;
};

export async function activeBoxes(db: Db): Promise<Box[]> {
  const rows = await db.select().from(boxes).where(eq(boxes.active, true)).orderBy(asc(boxes.code));
  return rows.map((b) => ({ code: b.code, lengthMm: b.lengthMm, widthMm: b.widthMm, heightMm: b.heightMm, maxWeightGrams: b.maxWeightGrams, tareWeightGrams: b.tareWeightGrams }));
}

/** The pack station's suggestion: the smallest active box that takes every picked unit, or why none does. */
export async function suggestBox(db: Db, id: string) {
  const f = await loadFulfillment(db, id);
  const items = packItems(f);
  const catalog = await activeBoxes(db);
  const choice = chooseCarton(items, catalog);
  if (choice.ok) return { boxCode: choice.box.code, grossWeightGrams: choice.grossWeightGrams, contentWeightGrams: choice.contentWeightGrams, reason: null };
  const split = splitIntoCartons(items, catalog);
  const reason = split ? `${choice.reason}. Pack splits it into ${split.length} cartons: ${split.map((c) => c.box.code).join(', ')}` : choice.reason;
  return { boxCode: null, grossWeightGrams: null, contentWeightGrams: choice.contentWeightGrams, reason };
}

/**
 * Packs the picked units: refused while picking is incomplete or customization steps are open.
 * With `packages`, into several cartons (checked by planPackages); otherwise into one: without
 * `boxCode` the smallest fitting box is used (split over several cartons when no single box fits), a
 * named box must fit too. Weight defaults to contents + tare, dimensions to the box's.
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
      const catalog = await activeBoxes(tx);
      const planned = input.packages ? planPackages(f.lines, catalog, input.packages) : automaticPackages(f, catalog, input);
      await tx.insert(fulfillmentPackages).values(planned.map((p) => ({ id: ctx.newId(), fulfillmentOrderId: f.fo.id, ...p, createdAt: at })));
      const extra = f.fo.status === 'picked' ? { packingAt: at } : {};
      await setFulfillmentStatus(tx, f.fo, 'packed', at, extra);
      const first = planned[0]!;
      const payload = {
        fulfillmentOrderId: f.fo.id, number: f.fo.number, orderId: f.fo.orderId, locationCode: f.fo.locationCode,
        boxCode: first.boxCode, weightGrams: first.weightGrams, dimensionsMm: dimsOf(first), suggested: !input.packages && !input.boxCode,
        packages: planned.map((p) => ({ seq: p.seq, boxCode: p.boxCode, weightGrams: p.weightGrams, dimensionsMm: dimsOf(p), contents: p.contents })),
      };
      await enqueueEvents(tx, { ...ctx, at }, [newEvent(fulfillmentPacked, f.fo.id, payload)]);
      await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.packed', entityType: 'fulfillment_order', entityId: f.fo.id, before: { status: f.fo.status }, after: payload });
    })
  ).json;
}

const dimsOf = (p: PlannedPackage) => ({ length: p.lengthMm, width: p.widthMm, height: p.heightMm });

/**
 * One carton: the named box (which must fit) or the smallest that fits. When no single box fits and
 * nothing was named or measured, the units are split over several cartons of the catalog.
 */
function automaticPackages(f: LoadedFulfillment, catalog: Box[], input: PackInput): PlannedPackage[] {
  const items = packItems(f);
  let box: Box;
  if (input.boxCode) {
    const named = catalog.find((b) => b.code === input.boxCode);
    if (!named) throw new AppError('validation_failed', `Box ${input.boxCode} is not an active box of the catalog`, { errors: [{ path: 'boxCode', message: 'is not an active box' }] });
    const refusal = boxRefusal(items, named);
    if (refusal) throw new AppError('business_rule', `Box ${named.code} does not fit: ${refusal}`, { reason: 'box_too_small', errors: [{ path: 'boxCode', message: refusal }] });
    box = named;
  } else {
    const choice = chooseCarton(items, catalog);
    if (!choice.ok) {
      const split = input.weightGrams === undefined && input.dimensions === undefined ? splitIntoCartons(items, catalog) : null;
      if (!split) throw new AppError('business_rule', choice.reason, { reason: 'no_box_fits' });
      return split.map((c, i) => packageOf(i + 1, c.box, {}, contentsOf(c.items), f.lines));
    }
    box = choice.box;
  }
  return [packageOf(1, box, { weightGrams: input.weightGrams, dimensions: input.dimensions }, allContents(f.lines), f.lines)];
}
