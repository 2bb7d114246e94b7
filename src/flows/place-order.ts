import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { orders } from '../platform/db/schema/index.js';
import { AppError, type FieldError } from '../platform/errors.js';
import { actorLabel } from '../platform/auth/roles.js';
import { runIdempotent, type Outcome } from '../platform/idempotency.js';
import { money } from '../domain/money.js';
import { computeTotals } from '../domain/orders/order-totals.js';
import { chooseLocation } from '../domain/orders/choose-location.js';
import { upsertCustomerByEmail } from '../modules/customers/index.js';
import { allocateAtLocation, loadPlacementSnapshot } from '../modules/inventory/reservations.js';
import { getOrderJson, toOrderJson, type OrderLineRow, type OrderRow } from '../modules/orders/orders.repository.js';
import { insertOrder, insertPlacementRest } from '../modules/orders/place-order.writes.js';
import type { OrderJson, PlaceOrderInput } from '../modules/orders/orders.schemas.js';
import { validateOrderLines } from '../modules/orders/validate-order-lines.js';
import { withPaymentOutcome } from './authorize-placement.js';
import { recordPlacementPayments } from '../modules/payments/index.js';

class DuplicateChannelOrder extends Error {
  constructor(readonly orderId: string) {
    super('duplicate channel order');
  }
}

/**
 * Places an order: validates it against the catalog, prices it, upserts the customer, reserves stock
 * at one location (core rule: the location that fills the most lines, then the nearest) and writes the
 * order, its lines, reservations, status history, audit row and `order.placed` event in ONE transaction.
 * A repeated (channel, externalId) returns the existing order with status 200.
 */
export async function placeOrder(
  ctx: Ctx,
  input: PlaceOrderInput,
  opts: { idempotencyKey?: string | undefined } = {},
): Promise<Outcome<OrderJson> & { replayed: boolean }> {
  try {
    const out = await runIdempotent(ctx, { key: opts.idempotencyKey, route: 'POST /orders', request: input }, (tx) =>
      placeInTx(ctx, tx, input),
    );
    return input.payments ? await withPaymentOutcome(ctx, out) : out;
  } catch (e) {
    if (!(e instanceof DuplicateChannelOrder)) throw e;
    return withPaymentOutcome(ctx, { status: 200, body: await getOrderJson(ctx.db, e.orderId), replayed: true });
  }
}

async function findChannelOrder(tx: Db, channel: string, externalId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.channel, channel), eq(orders.externalId, externalId)));
  return row?.id;
}

async function placeInTx(ctx: Ctx, tx: Db, input: PlaceOrderInput): Promise<Outcome<OrderJson>> {
  const at = ctx.clock.now();
  // One read for the catalog facts and the stock snapshot of every ship-from location.
  const { products, candidates } = await loadPlacementSnapshot(tx, [...new Set(input.lines.map((l) => l.sku))]);
  const priced = validateOrderLines(input, products);
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

  const orderId = ctx.newId();
  const lines = priced.lines.map((l, i) => ({ ...l, id: ctx.newId(), lineNo: i + 1 }));
  const ship = input.shippingAddress;
  const shipTo = ship.latitude !== undefined && ship.longitude !== undefined ? { latitude: ship.latitude, longitude: ship.longitude } : undefined;
  const choice = chooseLocation(lines, candidates, shipTo);
  const { allocated, reservationRows } = choice.locationCode
    ? await allocateAtLocation(tx, {
        locationCode: choice.locationCode,
        orderId,
        lines: lines.map((l) => ({ orderLineId: l.id, sku: l.sku, quantity: l.quantity })),
        at,
        newId: ctx.newId,
      })
    : { allocated: new Map<string, number>(), reservationRows: [] };
  const short = lines.filter((l) => (allocated.get(l.id) ?? 0) < l.quantity);
  if (short.length && input.inventoryPolicy === 'reject') {
    const best = new Map<string, number>();
    for (const c of candidates) for (const [sku, n] of c.available) best.set(sku, Math.max(best.get(sku) ?? 0, n));
    const shortLines = short.map((l) => ({ lineNo: l.lineNo, sku: l.sku, requested: l.quantity, available: best.get(l.sku) ?? 0 }));
    throw new AppError('insufficient_stock', `Not enough stock at a single location for ${short.map((l) => l.sku).join(', ')}`, {
      errors: short.map((l) => ({ path: `lines.${l.lineNo - 1}.quantity`, message: `only ${best.get(l.sku) ?? 0} available at one location` })),
      lines: shortLines,
    });
  }

  const customer = await upsertCustomerByEmail(tx, { newId: ctx.newId, at }, input.customer);
  const orderRow: OrderRow = {
    id: orderId,
    number: '',
    channel: input.channel,
    externalId: input.externalId ?? null,
    customerId: customer.id,
    email: customer.email,
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
    placedAt: at,
    updatedAt: at,
  };
  const number = await insertOrder(tx, orderRow);
  if (number === null) throw new DuplicateChannelOrder((await findChannelOrder(tx, input.channel, input.externalId!))!);
  const order = { ...orderRow, number };
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
      locationCode: a > 0 ? choice.locationCode : null,
      quantityOrdered: l.quantity,
      quantityCancelled: 0,
      quantityAllocated: a,
      quantityBackordered: l.quantity - a,
      quantityShipped: 0,
      quantityDelivered: 0,
      quantityReturned: 0,
    };
  });
  const json = toOrderJson(order, lineRows, []);
  const payload = {
    orderId,
    number: json.number,
    channel: json.channel,
    externalId: json.externalId,
    customerId: customer.id,
    total: json.totals.total,
    locationCode: choice.locationCode,
    lines: json.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity, allocated: l.quantities.allocated, backordered: l.quantities.backordered })),
  };
  // The rest of the order in one round trip: lines, reservations, status history, event, audit.
  await insertPlacementRest(tx, {
    orderId,
    at,
    lines: lineRows,
    reservations: reservationRows.map((r) => ({ id: r.id, sku: r.sku, locationCode: r.locationCode, quantity: r.quantity, orderLineId: r.orderLineId! })),
    status: orderRow.status,
    statusReason: 'no holds',
    actorLabel: actorLabel(ctx.actor),
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    requestId: ctx.requestId ?? null,
    event: { id: ctx.newId(), type: 'order.placed', payload },
    audit: json,
  });
  return { status: 201, body: json };
}
