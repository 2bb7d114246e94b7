import { randomInt, scryptSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { pickupCodes } from '../../platform/db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { loadFulfillment, requireTransition, setFulfillmentStatus } from './fulfillment.repository.js';
import { inFulfillmentTx } from './fulfillment.tx.js';
import { shipInTx } from './hand-off.js';
import { newEvent } from '../../platform/events/define.js';
import { fulfillmentReadyForPickup } from './fulfillment.events.js';

/** Wrong codes allowed before the code is blocked (a 6-digit code must not be guessable at the counter). */
export const maxPickupAttempts = 5;

const hashCode = (code: string, salt: string) => scryptSync(code, salt, 32).toString('hex');

/**
 * packed -> ready_for_pickup for a store pickup: a random 6-digit code is generated, returned ONCE
 * and stored only as a salted scrypt hash; `fulfillment.ready_for_pickup` carries it for the customer
 * notification. After `expiryDays` days uncollected, the pickup sweep cancels it.
 */
export async function readyForPickup(ctx: Ctx, id: string, opts: { expiryDays: number }) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const { json, result } = await inFulfillmentTx(ctx, id, async (tx, f, at) => {
    if (f.fo.type !== 'pickup') throw new AppError('business_rule', `${f.fo.number} ships to the customer; hand it to shipping instead`, { reason: 'ship_order' });
    requireTransition(f.fo, 'ready_for_pickup', 'be made ready for pickup');
    const salt = randomBytes(16).toString('hex');
    const expiresAt = new Date(at.getTime() + opts.expiryDays * 86_400_000);
    await tx.insert(pickupCodes).values({ fulfillmentOrderId: f.fo.id, codeHash: hashCode(code, salt), salt, createdAt: at, expiresAt });
    await setFulfillmentStatus(tx, f.fo, 'ready_for_pickup', at);
    const payload = { fulfillmentOrderId: f.fo.id, number: f.fo.number, orderId: f.fo.orderId, orderNumber: f.order.number, locationCode: f.fo.locationCode, code, expiresAt: expiresAt.toISOString() };
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(fulfillmentReadyForPickup, f.fo.id, payload)]);
    await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.ready_for_pickup', entityType: 'fulfillment_order', entityId: f.fo.id, before: { status: f.fo.status }, after: { status: 'ready_for_pickup', expiresAt } });
    return { expiresAt };
  });
  return { code, expiresAt: result.expiresAt.toISOString(), fulfillmentOrder: json };
}

/**
 * The customer collects: the code must match (422 otherwise; blocked after too many wrong tries).
 * Stock is consumed as on a hand-off and the lines become shipped and delivered.
 */
export async function pickedUp(ctx: Ctx, id: string, input: { code: string }) {
  // A wrong code must be counted even though the request fails: count it in its own transaction.
  const wrong = await ctx.db.transaction(async (tx) => {
    const { fo } = await loadFulfillment(tx, id, { lock: true });
    const json = { id: fo.id, number: fo.number, status: fo.status };
    const [row] = await tx.select().from(pickupCodes).where(eq(pickupCodes.fulfillmentOrderId, json.id)).for('update');
    if (json.status !== 'ready_for_pickup' || !row) throw new AppError('illegal_transition', `Fulfillment order ${json.number} is ${json.status}, not ready for pickup`);
    if (row.failedAttempts >= maxPickupAttempts) throw new AppError('business_rule', `Too many wrong codes for ${json.number}; ask a manager to check the customer's identity`, { reason: 'code_blocked' });
    const ok = timingSafeEqual(Buffer.from(hashCode(input.code.trim(), row.salt), 'hex'), Buffer.from(row.codeHash, 'hex'));
    if (ok) return null;
    await tx.update(pickupCodes).set({ failedAttempts: sql`${pickupCodes.failedAttempts} + 1` }).where(eq(pickupCodes.fulfillmentOrderId, json.id));
    return json.number;
  });
  if (wrong) throw new AppError('business_rule', `Wrong pickup code for ${wrong}`, { reason: 'wrong_code', errors: [{ path: 'code', message: 'does not match' }] });
  return (
    await inFulfillmentTx(ctx, id, async (tx, f, at) => {
      requireTransition(f.fo, 'picked_up', 'be picked up');
      const used = await tx.update(pickupCodes).set({ usedAt: at }).where(and(eq(pickupCodes.fulfillmentOrderId, f.fo.id), isNull(pickupCodes.usedAt))).returning();
      if (!used.length) throw new AppError('conflict', `${f.fo.number} was already picked up`);
      const { status, shipped } = await shipInTx(tx, ctx, f, at, { delivered: true });
      await setFulfillmentStatus(tx, f.fo, 'picked_up', at);
      await recordAudit(tx, { ...ctx, at }, { action: 'fulfillment.picked_up', entityType: 'fulfillment_order', entityId: f.fo.id, before: { status: f.fo.status }, after: { status: 'picked_up', orderStatus: status, lines: shipped } });
    })
  ).json;
}
