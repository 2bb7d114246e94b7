import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { fulfillmentLines } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { matchScan, normaliseScan } from '../../domain/fulfillment/scan-code.js';
import { findProductByCode, remainingOf, setFulfillmentStatus, type LoadedFulfillment } from './fulfillment.repository.js';
import { inFulfillmentTx } from './fulfillment.tx.js';
import { newEvent } from '../../platform/events/define.js';
import { fulfillmentCancelled, fulfillmentPicked } from './fulfillment.events.js';

/**
 * When every line is picked or short, picking is over: picking -> picked, or cancelled when nothing
 * at all was picked (every unit went back to sourcing).
 */
export async function settleIfPicked(tx: Db, ctx: Ctx, f: LoadedFulfillment, at: Date): Promise<void> {
  const lines = await tx.select().from(fulfillmentLines).where(eq(fulfillmentLines.fulfillmentOrderId, f.fo.id));
  if (lines.some((l) => remainingOf(l) > 0)) return;
  const picked = lines.reduce((s, l) => s + l.picked, 0);
  const to = picked > 0 ? 'picked' : 'cancelled';
  await setFulfillmentStatus(tx, f.fo, to, at, to === 'cancelled' ? { cancellationReason: 'every unit was short' } : {});
  const payload = { fulfillmentOrderId: f.fo.id, number: f.fo.number, orderId: f.fo.orderId, locationCode: f.fo.locationCode, lines: lines.map((l) => ({ orderLineId: l.orderLineId, sku: l.sku, picked: l.picked, short: l.short })) };
  await enqueueEvents(tx, { ...ctx, at }, [newEvent(to === 'picked' ? fulfillmentPicked : fulfillmentCancelled, f.fo.id, payload)]);
}

/**
 * One scan at the scan station: the code is normalised (GTIN check digit verified), matched to a line
 * of this pick list and counted. Refusals leave nothing counted: invalid barcode (422), wrong item
 * (422), over-pick (409), not picking yet (409).
 */
export async function scanItem(ctx: Ctx, id: string, input: { code: string; quantity?: number | undefined }, idempotencyKey?: string) {
  const quantity = input.quantity ?? 1;
  const { json, result, replayed } = await inFulfillmentTx(ctx, id, async (tx, f, at) => {
    if (f.fo.status !== 'picking') {
      throw new AppError('conflict', f.fo.status === 'open' ? `Start picking ${f.fo.number} before scanning` : `Fulfillment order ${f.fo.number} is ${f.fo.status}; scanning is over`, { reason: 'not_picking' });
    }
    const code = normaliseScan(input.code);
    const candidates = f.lines.map((l) => ({ lineId: l.id, sku: l.sku, gtin: l.gtin, remaining: remainingOf(l), quantity: l.quantity - l.short, picked: l.picked }));
    const m = matchScan(code, candidates, quantity);
    if (!m.ok) {
      if (m.reason === 'invalid_barcode') throw new AppError('business_rule', m.message, { reason: 'invalid_barcode', errors: [{ path: 'code', message: 'check digit is wrong' }] });
      if (m.reason === 'over_pick') throw new AppError('conflict', m.message, { reason: 'over_pick', sku: m.sku });
      const product = await findProductByCode(tx, code.kind === 'gtin' ? { gtin14: code.gtin14, raw: code.raw } : { raw: code.raw });
      const detail = product
        ? `Wrong item: scanned ${code.raw} (SKU ${product.sku}, ${product.name}) is not on this pick list`
        : `Wrong item: scanned ${code.raw} matches no product (no GTIN or SKU ${code.raw})`;
      throw new AppError('business_rule', detail, { reason: 'wrong_item', sku: product?.sku ?? null, errors: [{ path: 'code', message: 'is not on this pick list' }] });
    }
    const [line] = await tx
      .update(fulfillmentLines)
      .set({ picked: sql`${fulfillmentLines.picked} + ${quantity}` })
      .where(and(eq(fulfillmentLines.id, m.line.lineId), sql`${fulfillmentLines.picked} + ${fulfillmentLines.short} + ${quantity} <= ${fulfillmentLines.quantity}`))
      .returning();
    if (!line) throw new AppError('conflict', `Over-pick: line ${m.line.sku} changed meanwhile`, { reason: 'over_pick' });
    await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.item_scanned', entityType: 'fulfillment_order', entityId: f.fo.id, after: { lineId: line.id, sku: line.sku, code: input.code, quantity, picked: line.picked } });
    await settleIfPicked(tx, ctx, f, at);
    return { lineId: line.id, sku: line.sku, quantity, picked: line.picked, remaining: remainingOf(line) };
  }, { key: idempotencyKey, route: `POST /fulfillment-orders/${id}/scan`, request: input });
  const lineJson = json.lines.find((l) => l.id === result.lineId)!;
  return { scanned: { code: input.code, sku: result.sku, quantity }, line: lineJson, pickingComplete: json.lines.every((l) => l.remaining === 0), fulfillmentOrder: json, replayed };
}
