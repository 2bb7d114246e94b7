import type { Ctx } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import type { Address } from '../platform/db/schema/index.js';
import { AppError, type FieldError } from '../platform/errors.js';
import { recordAudit } from '../platform/audit.js';
import { enqueueEvents } from '../platform/outbox/outbox.js';
import { actorLabel } from '../platform/auth/roles.js';
import { runIdempotent, storedOutcome, type Outcome } from '../platform/idempotency.js';
import { moneyJson } from '../platform/http/schemas.js';
import { newEvent } from '../platform/events/define.js';
import { chargeableTotal, type OrderValueFacts } from '../domain/payments/order-value.js';
import { applyLineEdits, liveQuantity, type EditLine, type LineOp } from '../domain/orders/order-edit.js';
import { releaseLineAllocation } from '../modules/inventory/index.js';
import {
  adjustmentsOf,
  currentOrderVersion,
  getOrderJson,
  insertOrderVersion,
  lineQuantities,
  loadOrder,
  orderEdited,
  validateOrderLines,
  writeRevisedLines,
  writeRevisedOrder,
  type EditOrderInput,
  type EditOrderResult,
  type OrderEditDiff,
  type OrderLineRow,
  type OrderRow,
  type PlaceOrderInput,
} from '../modules/orders/index.js';
import { placementSourcing, sourceOrder } from '../modules/sourcing/index.js';
import { cancelUncoveredFulfillments, pickingStartedOf } from '../modules/fulfillment/index.js';
import { checkOrderPostalCodes, refuseRestrictedGoods } from '../modules/shipping/index.js';
import {
  authorizeEditAmount,
  editPaymentFacts,
  executeOrderOperations,
  recordEditAuthorization,
  settleEditedOrder,
  voidEditAuthorization,
  type EditAuthorization,
} from '../modules/payments/index.js';

const ROUTE = 'POST /orders/:id/edits';
/** Statuses an order may be edited in; picking must not have started either (checked under the order lock). */
const editableStatuses = new Set(['placed', 'confirmed', 'processing']);

type Input = EditOrderInput & { orderId: string };

/**
 * Edits an order before picking: shipping address (re-validated, re-sourced, re-promised through
 * `order.allocated`), line quantities, added and removed lines, variant swaps; re-priced from the
 * catalog; payments adjusted (an additional authorization of a higher value, a partial void or a
 * refund of a lower one); every edit a new order version with its diff (order_versions and the
 * `order.edited` event on the timeline). Refused with 409 `order_not_editable` once picking started.
 *
 * Steps: (1) a preview in a short read transaction tells whether the order's value rises; (2) if it
 * does and the order is paid through Ordo, the difference is authorized at the gateway with no
 * transaction open (a decline → 422, nothing written); (3) ONE transaction re-checks everything under
 * the order lock and writes the edit; if it refuses, the authorization of step 2 is voided; (4) voids
 * and refunds reserved in (3) run at the gateway after commit. With an Idempotency-Key a retry gets
 * the stored answer, and the gateway the same authorization key.
 */
export async function editOrder(ctx: Ctx, input: Input, opts: { idempotencyKey?: string | undefined } = {}): Promise<Outcome<EditOrderResult> & { replayed: boolean }> {
  const key = opts.idempotencyKey;
  const idem = { key, route: ROUTE, request: input };
  const earlier = await storedOutcome<EditOrderResult>(ctx, idem);
  if (earlier) return earlier;

  const preview = await ctx.db.transaction((tx) => runEdit(tx, ctx, input, { preview: true }));
  let auth: EditAuthorization | null = null;
  if (preview.authorize > 0n) {
    auth = await authorizeEditAmount(ctx, { orderId: input.orderId, amount: preview.authorize, currency: preview.currency, editKey: key ? `${key}:${JSON.stringify(input)}` : ctx.newId(), method: preview.method! });
  }
  let out: Outcome<EditOrderResult> & { replayed: boolean };
  try {
    out = await runIdempotent(ctx, idem, async (tx) => ({ status: 200, body: (await runEdit(tx, ctx, input, { preview: false, auth })).result! }));
  } catch (e) {
    // A twin request with the same key still running may record this very authorization: leave it.
    const twin = key && e instanceof AppError && e.code === 'conflict' && /in progress/.test(e.message);
    if (auth && !twin) await voidEditAuthorization(ctx, auth).catch(() => undefined);
    throw e;
  }
  // Voids and refunds reserved by the edit; a gateway error leaves them pending for the payments sweep.
  await executeOrderOperations(ctx, input.orderId).catch(() => undefined);
  return out;
}

interface EditRun {
  authorize: bigint;
  currency: string;
  method: { provider: 'sandbox' | 'stripe'; paymentMethod: string } | null;
  result?: EditOrderResult;
}

const byPath = (prefix: string, errors: FieldError[] | undefined, from: RegExp) => (errors ?? []).map((e) => ({ path: e.path.replace(from, prefix), message: e.message }));

async function runEdit(tx: Db, ctx: Ctx, input: Input, mode: { preview: true } | { preview: false; auth: EditAuthorization | null }): Promise<EditRun> {
  const at = ctx.clock.now();
  const { order, lines, holds, allocations } = await loadOrder(tx, input.orderId, { lock: !mode.preview });
  const version = await currentOrderVersion(tx, order.id);
  if (version !== input.expectedVersion) {
    throw new AppError('version_conflict', `Order ${order.number} is at version ${version}, not ${input.expectedVersion}; reload it and edit again`, {
      currentVersion: version,
      errors: [{ path: 'expectedVersion', message: `the order is at version ${version}` }],
    });
  }
  if (!editableStatuses.has(order.status)) {
    throw new AppError('order_not_editable', `Order ${order.number} is ${order.status}; only orders not yet picked can be edited`, { reason: 'order_status', status: order.status });
  }
  const started = await pickingStartedOf(tx, order.id);
  if (started) {
    throw new AppError('order_not_editable', `Picking has started for order ${order.number} (${started.number} is ${started.status}); it can no longer be edited`, {
      reason: 'picking_started',
      fulfillmentOrder: started,
    });
  }
  const pay = await editPaymentFacts(tx, order.id);
  if (pay.inProgress || (pay.any && order.status === 'placed')) {
    throw new AppError('order_not_editable', `Order ${order.number} is awaiting payment authorization; edit it once its payment is authorized`, { reason: 'payment_in_progress' });
  }

  // Operations: the last address wins; line operations apply in order.
  const ops = input.operations.map((o, index) => ({ ...o, index }));
  const addressOp = [...ops].reverse().find((o) => o.op === 'set_shipping_address');
  const newAddress = addressOp?.op === 'set_shipping_address' ? (addressOp.address as Address) : undefined;
  const liveSkus = lines.filter((l) => liveQuantity(lineQuantities(l)) > 0).map((l) => l.sku);
  const newSkus = ops.flatMap((o) => (o.op === 'add_line' || o.op === 'swap_variant' ? [o.sku] : []));
  const sourcing = await placementSourcing.load(tx, [...new Set([...liveSkus, ...newSkus])], at);

  const errors: FieldError[] = [];
  if (addressOp && newAddress) {
    try {
      checkOrderPostalCodes({ shippingAddress: newAddress });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push(...byPath(`operations.${addressOp.index}.address`, e.extra.errors, /^shippingAddress/));
    }
  }
  const lineOps: Array<LineOp & { index: number }> = [];
  for (const o of ops) {
    if (o.op === 'set_quantity') lineOps.push({ op: 'set_quantity', lineId: o.lineId, quantity: o.quantity, index: o.index });
    else if (o.op === 'remove_line') lineOps.push({ op: 'remove_line', lineId: o.lineId, index: o.index });
    else if (o.op === 'add_line' || o.op === 'swap_variant') {
      const quantity = o.op === 'add_line' ? o.quantity : 1;
      const priced = validateOrderLines({ currency: order.currency, lines: [{ sku: o.sku, quantity, unitPrice: o.unitPrice, customization: o.customization }] } as PlaceOrderInput, sourcing.snapshot.products);
      const bad = byPath(`operations.${o.index}`, priced.errors, /^lines\.0/);
      if (bad.length || !priced.lines[0]) {
        errors.push(...bad);
        continue;
      }
      const p = priced.lines[0];
      const item = { sku: p.sku, name: p.name, unitPrice: p.unitPrice.amount, customization: p.customization };
      lineOps.push(o.op === 'add_line' ? { op: 'add_line', quantity, item, index: o.index } : { op: 'swap_variant', lineId: o.lineId, item, index: o.index });
    }
  }
  if (errors.length) throw new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });

  const current: EditLine[] = lines.map((l) => ({ id: l.id, lineNo: l.lineNo, sku: l.sku, name: l.name, unitPrice: l.unitPriceAmount, customization: l.customization, q: lineQuantities(l), added: false }));
  const edited = applyLineEdits(current, lineOps, ctx.newId);
  if (!edited.ok) {
    const path = `operations.${edited.index}.${edited.field}`;
    if (edited.status === 'conflict') throw new AppError('conflict', `Operation ${edited.index}: ${edited.message}`, { errors: [{ path, message: edited.message }] });
    throw new AppError('validation_failed', `Invalid ${path}`, { errors: [{ path, message: edited.message }] });
  }

  // Re-priced: a line's total is its unit price × ordered units; order total = subtotal + shipping + tax − discount.
  const before = new Map(lines.map((l) => [l.id, l]));
  const revised = edited.lines.map((l) => {
    const old = before.get(l.id);
    const lineTotal = old && old.quantityOrdered === l.q.ordered ? old.lineTotalAmount : l.unitPrice * BigInt(l.q.ordered);
    return { id: l.id, orderId: order.id, lineNo: l.lineNo, sku: l.sku, name: l.name, unitPriceAmount: l.unitPrice, lineTotalAmount: lineTotal, customization: l.customization, q: l.q, added: l.added };
  });
  const subtotal = revised.reduce((s, l) => s + l.lineTotalAmount, 0n);
  if (order.discountAmount > subtotal) {
    throw new AppError('business_rule', `The order discount ${order.discountAmount} would exceed the edited subtotal ${subtotal}`, { errors: [{ path: 'operations', message: 'the lines left must be worth at least the order discount' }] });
  }
  const total = subtotal + order.shippingAmount + order.taxAmount - order.discountAmount;
  if (order.deliveryMethod !== 'pickup' && (newAddress || newSkus.length)) {
    const live = revised.filter((l) => liveQuantity(l.q) > 0);
    try {
      await refuseRestrictedGoods(ctx.db, tx, { country: (newAddress ?? order.shippingAddress).country, lines: live, hsCodes: sourcing.snapshot.hsCodes, at });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      throw new AppError(e.code, e.message, { errors: (e.extra.errors ?? []).map((x) => ({ path: 'operations', message: x.message })) });
    }
  }

  const facts = (o: OrderRow, ls: Array<{ id: string; lineTotalAmount: bigint; quantityOrdered: number; quantityCancelled: number; quantityShipped: number }>): OrderValueFacts => ({
    currency: o.currency,
    lines: ls.map((l) => ({ id: l.id, lineTotal: l.lineTotalAmount, ordered: l.quantityOrdered, cancelled: l.quantityCancelled, shipped: l.quantityShipped })),
    shipping: o.shippingAmount,
    tax: o.taxAmount,
    discount: o.discountAmount,
  });
  const revisedRows = revised.map((l) => ({ id: l.id, lineTotalAmount: l.lineTotalAmount, quantityOrdered: l.q.ordered, quantityCancelled: l.q.cancelled, quantityShipped: l.q.shipped }));
  const owedAfter = chargeableTotal(facts(order, revisedRows));
  const needed = pay.any && owedAfter > pay.covered ? owedAfter - pay.covered : 0n;
  if (needed > 0n && !pay.method) throw new AppError('order_not_editable', `Order ${order.number} has no authorized payment to extend`, { reason: 'payment_in_progress' });
  if (mode.preview) return { authorize: needed, currency: order.currency, method: pay.method };
  if (needed > 0n && (!mode.auth || mode.auth.amount < needed)) {
    throw new AppError('conflict', `Order ${order.number} changed while the payment was being authorized; retry the edit`);
  }

  // ---- writes, all in this transaction ----
  const c = { ...ctx, at };
  const released = [...edited.release].reduce((s, [, n]) => s + n, 0);
  for (const l of [...revised].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.lineNo - b.lineNo))) {
    const n = edited.release.get(l.id);
    if (n) await releaseLineAllocation(tx, { orderLineId: l.id, quantity: n, at });
  }
  await writeRevisedLines(tx, revised);
  await writeRevisedOrder(tx, order.id, { subtotal, total, shippingAddress: newAddress, at });
  if (mode.auth) await recordEditAuthorization(tx, c, order.id, mode.auth);

  const reallocate = !!newAddress && order.deliveryMethod !== 'pickup';
  const allocatedBefore = lines.reduce((s, l) => s + l.quantityAllocated, 0);
  const sourced =
    reallocate || edited.toSource.size
      ? await sourceOrder(tx, ctx, { orderId: order.id, reason: 'edit', ...(reallocate ? { reallocate: true } : { lineIds: [...edited.toSource] }) })
      : null;
  const after = await loadOrder(tx, order.id);
  if (order.inventoryPolicy === 'reject') {
    const short = after.lines.filter((l) => l.quantityBackordered > (before.get(l.id)?.quantityBackordered ?? 0));
    if (short.length) {
      const indexOf = (lineId: string) => edited.changes.find((x) => x.lineId === lineId || (x.change === 'swapped' && x.replacedBy.lineId === lineId))?.index ?? addressOp?.index ?? 0;
      throw new AppError('insufficient_stock', `Not enough stock for ${short.map((l) => `line ${l.lineNo} (${l.sku})`).join(', ')}; the order was not changed`, {
        errors: short.map((l) => ({ path: `operations.${indexOf(l.id)}`, message: `line ${l.lineNo} (${l.sku}): only ${l.quantityOrdered - l.quantityCancelled - l.quantityBackordered} of ${l.quantityOrdered - l.quantityCancelled} can be sourced` })),
        lines: short.map((l) => ({ lineNo: l.lineNo, sku: l.sku, requested: l.quantityOrdered - l.quantityCancelled, available: l.quantityOrdered - l.quantityCancelled - l.quantityBackordered })),
      });
    }
  }
  if (released > 0 || reallocate) await cancelUncoveredFulfillments(tx, ctx, order.id, 'order edited');
  const settled = pay.any ? await settleEditedOrder(tx, c, order.id, input.reason ?? 'order edited') : { voided: 0n, refunded: 0n };

  const m = (amount: bigint) => moneyJson({ amount, currency: order.currency });
  const netBefore = adjustmentsOf(order, lines, 0n).net;
  const netAfter = adjustmentsOf({ ...order, subtotalAmount: subtotal, totalAmount: total }, after.lines, 0n).net;
  const payment = {
    ...(mode.auth ? { authorized: m(mode.auth.amount) } : {}),
    ...(settled.voided > 0n ? { voided: m(settled.voided) } : {}),
    ...(settled.refunded > 0n ? { refunded: m(settled.refunded) } : {}),
  };
  const diff: OrderEditDiff = {
    ...(newAddress ? { shippingAddress: { from: order.shippingAddress as unknown as Record<string, unknown>, to: newAddress as unknown as Record<string, unknown> } } : {}),
    lines: edited.changes.map((x) => ({
      change: x.change,
      lineId: x.lineId,
      lineNo: x.lineNo,
      sku: x.sku,
      from: x.from,
      to: x.to,
      ...(x.change === 'added' ? { unitPrice: m(x.unitPrice) } : {}),
      ...(x.change === 'swapped' ? { replacedBy: { ...x.replacedBy, unitPrice: m(x.replacedBy.unitPrice) } } : {}),
    })),
    totals: { total: { from: m(order.totalAmount), to: m(total) }, net: { from: m(netBefore), to: m(netAfter) } },
    ...(Object.keys(payment).length ? { payment } : {}),
    ...(sourced || released > 0
      ? {
          sourcing: {
            planId: sourced?.outcome === 'sourced' ? sourced.plan.id : null,
            released: reallocate ? allocatedBefore : released,
            allocations: sourced?.outcome === 'sourced' ? sourced.plan.allocations : [],
            backordered: after.lines.reduce((s, l) => s + l.quantityBackordered, 0),
          },
        }
      : {}),
  };
  const next = version + 1;
  const actor = actorLabel(ctx.actor);
  await insertOrderVersion(tx, { id: ctx.newId(), orderId: order.id, version: next, actor, reason: input.reason ?? null, operations: input.operations, diff: diff as Record<string, unknown>, createdAt: at });
  await enqueueEvents(tx, c, [newEvent(orderEdited, order.id, { orderId: order.id, number: order.number, version: next, reason: input.reason ?? null, diff })]);
  const json = await getOrderJson(tx, order.id);
  await recordAudit(tx, c, { action: 'order.edited', entityType: 'order', entityId: order.id, before: { version, lines: lines.map(pick), holds: holds.length, allocations }, after: { version: next, diff } });
  return { authorize: needed, currency: order.currency, method: pay.method, result: { version: next, diff, order: json } };
}

const pick = (l: OrderLineRow) => ({ id: l.id, sku: l.sku, ordered: l.quantityOrdered, cancelled: l.quantityCancelled, lineTotal: l.lineTotalAmount.toString() });
