import { canonicalLanguageTag } from '../platform/http/schemas.js';
import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { orders } from '../platform/db/schema/index.js';
import { AppError, type FieldError } from '../platform/errors.js';
import { actorLabel } from '../platform/auth/roles.js';
import { runIdempotent, type Outcome } from '../platform/idempotency.js';
import { money } from '../domain/money.js';
import { computeTotals } from '../domain/orders/order-totals.js';
import { loadPickupCandidate } from '../modules/inventory/index.js';
import { deferSourcingAtPlacement, placementSourcing, planInsertParams } from '../modules/sourcing/index.js';
import {
  addHoldInTx,
  getOrderJson,
  insertOrder,
  insertPlacementRest,
  takeDraftForPlacement,
  toOrderJson,
  validateOrderLines,
  type OrderJson,
  type OrderLineRow,
  type NewOrderRow,
  type OrderRow,
  type PlaceOrderInput,
  type PlaceOrderOptions,
} from '../modules/orders/index.js';
import { assessPlacementRisk } from '../modules/risk/index.js';
import { checkOrderPostalCodes, refuseRestrictedGoods } from '../modules/shipping/index.js';
import { withPaymentOutcome } from './authorize-placement.js';
import { recordPlacementPayments } from '../modules/payments/index.js';
import { newEvent } from '../platform/events/define.js';
import { orderPlaced } from '../modules/orders/orders.events.js';

class DuplicateChannelOrder extends Error {
  constructor(readonly orderId: string) {
    super('duplicate channel order');
  }
}

export type { PlaceOrderOptions } from '../modules/orders/index.js';

/**
 * Places an order: validates it against the catalog, prices it, upserts the customer, sources it (the
 * sourcing engine plans the cheapest allocation over locations and reserves it in one statement) and
 * writes the order, its lines, reservations, sourcing plan, status history, audit row and
 * `order.placed` event in ONE transaction — with `draftId`, the draft it was entered in is deleted in
 * that transaction too. A repeated (channel, externalId) returns the existing order with status 200.
 */
export async function placeOrder(
  ctx: Ctx,
  input: PlaceOrderInput,
  opts: PlaceOrderOptions = {},
): Promise<Outcome<OrderJson> & { replayed: boolean }> {
  try {
    const attempt = () => runIdempotent(ctx, { key: opts.idempotencyKey, route: 'POST /orders', request: input }, (tx) => placeInTx(ctx, tx, input, opts));
    let out: Awaited<ReturnType<typeof attempt>>;
    try {
      out = await attempt();
    } catch (e) {
      // Only the re-plan after a lost race locks rows in a second statement, which can (rarely)
      // deadlock with another placement; PostgreSQL aborts one, whose whole transaction is retried once.
      if (!isDeadlock(e)) throw e;
      out = await attempt();
    }
    return input.payments ? await withPaymentOutcome(ctx, out) : out;
  } catch (e) {
    if (!(e instanceof DuplicateChannelOrder)) throw e;
    return withPaymentOutcome(ctx, { status: 200, body: await getOrderJson(ctx.db, e.orderId), replayed: true });
  }
}

const isDeadlock = (e: unknown): boolean => {
  const code = (x: unknown) => (typeof x === 'object' && x !== null && 'code' in x ? (x as { code: unknown }).code : undefined);
  return code(e) === '40P01' || code((e as { cause?: unknown } | null)?.cause) === '40P01';
};

async function findChannelOrder(tx: Db, channel: string, externalId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.channel, channel), eq(orders.externalId, externalId)));
  return row?.id;
}

async function placeInTx(ctx: Ctx, tx: Db, input: PlaceOrderInput, opts: PlaceOrderOptions): Promise<Outcome<OrderJson>> {
  const at = ctx.clock.now();
  checkOrderPostalCodes(input);
  // Placed from a console draft: the draft goes in this transaction (409 if another placement took it).
  if (input.draftId) await takeDraftForPlacement(tx, input.draftId);
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  // One read for the catalog facts, the stock and sourcing attributes of every ship-from location.
  const sourcing = await placementSourcing.load(tx, skus, at);
  const { products } = sourcing.snapshot;
  const delivery = input.delivery;
  if (delivery.method === 'pickup') {
    const pickup = await loadPickupCandidate(tx, delivery.locationCode, skus);
    if (!pickup.candidate) {
      const message = pickup.found ? 'is not an active location that offers pickup' : 'is not a known location';
      throw new AppError('validation_failed', `Invalid delivery.locationCode`, { errors: [{ path: 'delivery.locationCode', message }] });
    }
    sourcing.onlyPickup(pickup.candidate);
  }
  const priced = validateOrderLines(input, products, opts.dataHold?.names);
  const currency = priced.currency;
  const m = (x: { amount: number; currency: string } | undefined, path: string, errors: FieldError[]) => {
    if (x && x.currency !== currency) errors.push({ path: `${path}.currency`, message: `must be ${currency}, the order currency` });
    return money(x?.amount ?? 0, currency);
  };
  const errors: FieldError[] = [...priced.errors];
  const totalsIn = {
    currency,
    lines: priced.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice })),
    shipping: m(input.shipping, 'shipping', errors),
    discount: m(input.discount, 'discount', errors),
    tax: m(input.tax, 'tax', errors),
  };
  if (errors.length) throw new AppError('validation_failed', `Invalid ${errors.map((e) => e.path).join(', ')}`, { errors });
  const totals = computeTotals(totalsIn);
  if (!totals.ok) throw new AppError('validation_failed', `Invalid ${totals.path}`, { errors: [{ path: totals.path, message: totals.message }] });
  // Goods the destination refuses (cached lists, HS codes from the snapshot: no extra round trip).
  if (delivery.method !== 'pickup') await refuseRestrictedGoods(ctx.db, tx, { country: input.shippingAddress.country, lines: input.lines, hsCodes: sourcing.snapshot.hsCodes, at });

  const orderId = ctx.newId();
  const lines = priced.lines.map((l, i) => ({ ...l, id: ctx.newId(), lineNo: i + 1 }));
  // Risk scoring (one read); a risky order gets a fraud hold and is placed with nothing allocated.
  const risk = await assessPlacementRisk(tx, ctx, { orderId, at, email: input.customer.email, total: totals.totals.total, clientIp: opts.clientIp, shippingAddress: input.shippingAddress, billingAddress: input.billingAddress });
  // Not said by the caller: ORDO_SOURCING_AT decides (orders with payments wait for authorization).
  const defer = (opts.deferSourcing ?? deferSourcingAtPlacement(ctx, input)) || risk.hold || opts.dataHold !== undefined;
  const sourced = defer
    ? null
    : await sourcing.reserve(tx, {
        orderId,
        lines: lines.map((l) => ({ orderLineId: l.id, sku: l.sku, quantity: l.quantity })),
        shippingAddress: input.shippingAddress,
        orderTotal: totals.totals.total,
        sourcingCurrency: ctx.sourcing?.currency ?? 'EUR',
        at,
        newId: ctx.newId,
      });
  const allocated = new Map<string, number>();
  const locationsOf = new Map<string, Set<string>>();
  for (const a of sourced?.allocations ?? []) {
    allocated.set(a.orderLineId, (allocated.get(a.orderLineId) ?? 0) + a.quantity);
    locationsOf.set(a.orderLineId, (locationsOf.get(a.orderLineId) ?? new Set()).add(a.locationCode));
  }
  const short = lines.filter((l) => (allocated.get(l.id) ?? 0) < l.quantity);
  if (short.length && input.inventoryPolicy === 'reject' && !defer) {
    const can = (l: (typeof lines)[number]) => allocated.get(l.id) ?? 0;
    const shortLines = short.map((l) => ({ lineNo: l.lineNo, sku: l.sku, requested: l.quantity, available: can(l) }));
    throw new AppError('insufficient_stock', `Not enough stock for ${short.map((l) => l.sku).join(', ')}`, {
      errors: short.map((l) => ({ path: `lines.${l.lineNo - 1}.quantity`, message: `only ${can(l)} can be sourced` })),
      lines: shortLines,
    });
  }
  const single = (lineId: string) => {
    const at = locationsOf.get(lineId);
    return at && at.size === 1 ? [...at][0]! : null;
  };
  const orderLocations = new Set((sourced?.allocations ?? []).map((a) => a.locationCode));

  const newRow: NewOrderRow = {
    id: orderId,
    channel: input.channel,
    externalId: input.externalId ?? null,
    customerName: input.customer.name,
    status: input.payments ? 'placed' : 'confirmed',
    currency,
    shippingAddress: input.shippingAddress,
    billingAddress: input.billingAddress ?? null,
    inventoryPolicy: input.inventoryPolicy,
    subtotalAmount: totals.totals.subtotal.amount,
    shippingAmount: totals.totals.shipping.amount,
    discountAmount: totals.totals.discount.amount,
    taxAmount: totals.totals.tax.amount,
    totalAmount: totals.totals.total.amount,
    note: input.note ?? null,
    locale: input.locale ? canonicalLanguageTag(input.locale) : null,
    deliveryMethod: delivery.method,
    pickupLocationCode: delivery.method === 'pickup' ? delivery.locationCode : null,
    placedAt: at,
    updatedAt: at,
  };
  // The customer (upserted by e-mail) and the order in one statement.
  const inserted = await insertOrder(tx, newRow, { id: ctx.newId(), email: input.customer.email, phone: input.customer.phone });
  if (inserted === null) throw new DuplicateChannelOrder((await findChannelOrder(tx, input.channel, input.externalId!))!);
  const customer = { id: inserted.customerId, email: inserted.email };
  const orderRow: OrderRow = { ...newRow, number: inserted.number, customerId: customer.id, email: customer.email };
  if (input.payments) await recordPlacementPayments(tx, ctx, { orderId, currency, total: totals.totals.total.amount, at, payments: input.payments });
  const lineRows: OrderLineRow[] = lines.map((l, i) => {
    const a = allocated.get(l.id) ?? 0;
    return {
      id: l.id,
      orderId,
      lineNo: l.lineNo,
      sku: l.sku,
      name: l.name,
      unitPriceAmount: l.unitPrice.amount,
      lineTotalAmount: totals.totals.lineTotals[i]!.amount,
      customization: l.customization,
      locationCode: a > 0 ? single(l.id) : null,
      quantityOrdered: l.quantity,
      quantityCancelled: 0,
      quantityPending: defer ? l.quantity : 0,
      quantityAllocated: a,
      quantityBackordered: defer ? 0 : l.quantity - a,
      quantityShipped: 0,
      quantityDelivered: 0,
      quantityReturned: 0,
    };
  });
  const json = toOrderJson(orderRow, lineRows, risk.holds, (sourced?.allocations ?? []).map((a) => ({ orderLineId: a.orderLineId, locationCode: a.locationCode, quantity: a.quantity })));
  const payload = {
    orderId,
    number: json.number,
    channel: json.channel,
    externalId: json.externalId,
    customerId: customer.id,
    total: json.totals.total,
    locationCode: orderLocations.size === 1 ? [...orderLocations][0]! : null,
    allocations: (sourced?.allocations ?? []).map((a) => ({ orderLineId: a.orderLineId, sku: a.sku, locationCode: a.locationCode, quantity: a.quantity })),
    delivery: json.delivery,
    lines: json.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity, allocated: l.quantities.allocated, backordered: l.quantities.backordered, pending: l.quantities.pending })),
  };
  // The rest of the order in one round trip: lines, reservations, status history, events, audit,
  // sourcing plan and the risk assessment (with its fraud hold, audit row and events).
  const riskWrite = risk.write({ number: json.number, customerId: customer.id });
  await insertPlacementRest(tx, {
    orderId,
    at,
    lines: lineRows,
    reservations: (sourced?.reservationRows ?? []).map((r) => ({ id: r.id, sku: r.sku, locationCode: r.locationCode, quantity: r.quantity, orderLineId: r.orderLineId! })),
    status: orderRow.status,
    statusReason: 'no holds',
    actorLabel: actorLabel(ctx.actor),
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    requestId: ctx.requestId ?? null,
    events: [{ id: ctx.newId(), ...newEvent(orderPlaced, orderId, payload) }, ...riskWrite.events.map((e) => ({ id: ctx.newId(), ...e }))],
    audits: [{ action: orderPlaced.type, after: json }, ...(riskWrite.holdAudit === null ? [] : [{ action: 'order.hold_placed', after: riskWrite.holdAudit }])],
    plan: planInsertParams(sourced ? { ...sourced.plan, orderId, trigger: 'placement', createdAt: at } : null),
    risk: riskWrite.params,
  });
  if (opts.dataHold) {
    const hold = await addHoldInTx(tx, { ...ctx, at }, { orderId, number: json.number, type: 'data', reason: opts.dataHold.reason });
    return { status: 201, body: { ...json, holds: [...json.holds, hold] } };
  }
  return { status: 201, body: json };
}
