import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx, Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { orderLines, orderPromises, orders, products, reservations, shipments } from '../../platform/db/schema/index.js';
import { notFound } from '../../platform/errors.js';
import { countryCode, moneySchema } from '../../platform/http/schemas.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { systemActor } from '../../platform/auth/roles.js';
import { planDryRun, shipToOf } from '../sourcing/index.js';
import { loadQuoteSetups, quoteShipping, quoteWith } from './quote-shipping.js';
import { checkOrderPostalCodes, refuseRestrictedGoods } from './placement-checks.js';
import type { QuoteJson } from './shipping.schemas.js';
import { eventHandler } from '../../platform/events/define.js';
import { orderAllocated, orderEdited, orderPlaced } from '../orders/index.js';
import { shipmentLabelPurchased } from './shipping.events.js';
import { expectedRestock, purchaseOrderSent } from '../purchasing/index.js';
import { queryRows } from '../../platform/db/query.js';

export const promiseBody = z
  .object({
    lines: z.array(z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().min(1).max(100_000) })).min(1).max(200),
    shippingAddress: z.object({ country: countryCode, postalCode: z.string().max(20).optional(), latitude: z.number().min(-90).max(90).optional(), longitude: z.number().min(-180).max(180).optional() }),
    level: z.string().max(32).optional(),
    orderValue: moneySchema.optional().describe('The order total placement will see (never-split-below); default: catalog prices × quantities'),
  })
  .meta({ id: 'PromiseRequest' });

const optionSchema = z.object({ carrier: z.string(), service: z.string(), level: z.string(), price: moneySchema, shipDate: z.string(), deliveryDate: z.string() });
const cartLine = z.object({ line: z.number().int().describe('Index into the request’s `lines`'), sku: z.string(), quantity: z.number().int() });
export const promiseSchema = z
  .object({
    shipments: z
      .array(
        z.object({
          locationCode: z.string(),
          distanceKm: z.number().nullable(),
          weightGrams: z.number().int().describe('Catalog weight of the units planned here (the parcel priced)'),
          lines: z.array(cartLine),
          shipDate: z.string(),
          options: z.array(optionSchema),
          chosen: optionSchema.nullable().describe('The cheapest service (of `level` when given; without it, the one the order’s stored promise uses)'),
          earliestDelivery: z.string().nullable(),
        }),
      )
      .describe('One per location the sourcing engine plans to ship from, as placement would decide now'),
    unfillable: z.array(cartLine).describe('Units no location can supply now (placement backorders or, with inventoryPolicy=reject, refuses them)'),
    earliestDelivery: z.string().nullable().describe('Whole cart delivered with the fastest service of each shipment; null when anything is unfillable or a shipment has no service'),
    chosenDelivery: z.string().nullable().describe('Whole cart delivered with each shipment’s chosen service'),
    plan: z.object({
      strategy: z.enum(['exact', 'heuristic']),
      totalCost: moneySchema,
      explanation: z.array(z.object({ locationCode: z.string(), chosen: z.boolean(), reason: z.string(), distanceKm: z.number().nullable() })),
      note: z.string().nullable(),
    }),
    reason: z.string(),
  })
  .meta({ id: 'DeliveryPromise' });
export const orderPromiseSchema = z
  .object({ orderId: z.string(), promisedDate: z.string(), shipDate: z.string(), locationCode: z.string(), carrier: z.string(), service: z.string(), source: z.string(), updatedAt: z.string() })
  .meta({ id: 'OrderPromise' });
type PromiseJson = z.infer<typeof promiseSchema>;

/** Parcel weight from the catalog (box dimensions unknown before packing: priced on actual weight). */
async function weightOf(db: Db, lines: Array<{ sku: string; quantity: number }>) {
  const rows = await db.select({ sku: products.sku, w: products.weightGrams }).from(products).where(inArray(products.sku, lines.map((l) => l.sku)));
  return lines.reduce((s, l) => s + (rows.find((r) => r.sku === l.sku)?.w ?? 0) * l.quantity, 0);
}

/** The built-in table-rate services from a location for one parcel of the given weight. */
const quoteFrom = (db: Db, now: Date, locationCode: string, shipTo: QuoteInput['shipTo'], weightGrams: number, level?: string) =>
  quoteShipping(db, now, { locationCode, shipTo, parcels: [{ weightGrams: Math.max(1, weightGrams), lengthMm: 1, widthMm: 1, heightMm: 1 }], level }, { adapters: ['table_rate'] });
type QuoteInput = Parameters<typeof quoteShipping>[2];

const latest = (dates: Array<string | null>) => (dates.some((d) => d === null) ? null : (dates as string[]).sort().at(-1) ?? null);

/**
 * Read-only delivery promise for a cart: the sourcing engine's dry run decides the shipments exactly
 * as placement would now (same snapshot, settings and engine); each shipment is quoted with every
 * table-rate service for the weight of the units planned there. The cart arrives with its last
 * package. Nothing is reserved or written. A cart placement would refuse is refused the same way, by
 * placement's own checks in placement's order: a postal code not in the country's format (only when
 * given) → 400 `shippingAddress.postalCode`; unknown or inactive SKUs → 400 `lines.N.sku`; goods the
 * destination refuses → 422 `lines.N.sku`.
 */
export async function promiseFor(db: Db, now: Date, input: z.output<typeof promiseBody>, opts: { sourcingCurrency: string }): Promise<PromiseJson> {
  const to = input.shippingAddress;
  if (to.postalCode !== undefined) checkOrderPostalCodes({ shippingAddress: to });
  const hasGeo = to.latitude !== undefined && to.longitude !== undefined;
  const dry = await planDryRun(db, now, {
    lines: input.lines,
    shipTo: shipToOf(to),
    orderValue: input.orderValue ? { amount: BigInt(input.orderValue.amount), currency: input.orderValue.currency } : undefined,
    sourcingCurrency: opts.sourcingCurrency,
    // `db` is also the restriction cache's key, as placement's `ctx.db`: one cache per app.
    screen: ({ hsCodes }) => refuseRestrictedGoods(db, db, { country: to.country, lines: input.lines, hsCodes, at: now }),
  });
  const shipments: PromiseJson['shipments'] = [];
  for (const s of dry.shipments) {
    const q = await quoteFrom(db, now, s.locationCode, { ...to, residential: true }, s.weightGrams, input.level);
    const options = q.options.map(optionJson);
    shipments.push({
      locationCode: s.locationCode,
      distanceKm: hasGeo ? s.distanceKm : null,
      weightGrams: s.weightGrams,
      lines: s.lines,
      shipDate: q.shipDate,
      options,
      chosen: q.chosen ? optionJson(q.chosen) : null,
      earliestDelivery: options.map((o) => o.deliveryDate).sort()[0] ?? null,
    });
  }
  const whole = shipments.length > 0 && dry.unfilled.length === 0;
  const p = dry.plan;
  return {
    shipments,
    unfillable: dry.unfilled,
    earliestDelivery: whole ? latest(shipments.map((s) => s.earliestDelivery)) : null,
    chosenDelivery: whole ? latest(shipments.map((s) => s.chosen?.deliveryDate ?? null)) : null,
    plan: {
      strategy: p.strategy,
      totalCost: { amount: Number(p.totalCost), currency: opts.sourcingCurrency },
      explanation: p.explanation.map((e) => ({ locationCode: e.locationCode, chosen: e.chosen, reason: e.reason, distanceKm: hasGeo ? (e.distanceKm ?? null) : null })),
      note: p.note,
    },
    reason: reasonOf(shipments, dry.unfilled),
  };
}

const optionJson = (o: QuoteJson['options'][number]) => ({ carrier: o.carrier, service: o.service, level: o.level, price: o.total, shipDate: o.shipDate, deliveryDate: o.deliveryDate });

function reasonOf(shipments: PromiseJson['shipments'], unfilled: PromiseJson['unfillable']): string {
  const from = shipments.map((s) => s.locationCode).join(' + ');
  if (unfilled.length) {
    const what = unfilled.map((u) => `${u.quantity} × ${u.sku}`).join(', ');
    return shipments.length ? `${what} cannot be sourced now; the rest ships from ${from}` : `${what} cannot be sourced now`;
  }
  const silent = shipments.filter((s) => !s.options.length).map((s) => s.locationCode);
  if (silent.length) return `no service reaches the destination from ${silent.join(', ')}`;
  return shipments.length > 1 ? `split: ${shipments.length} shipments (${from}), delivered with the last` : `one shipment from ${from}`;
}

/**
 * Stores an order's promise from where it is allocated: per location the cheapest service's delivery
 * date; the order's promise is the latest of them. Runs in an outbox handler, never in placement.
 */
export async function refreshOrderPromise(tx: Db, ctx: Ctx, orderId: string, source: 'placement' | 'allocation' | 'label' | 'restock') {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
  if (!order || order.deliveryMethod !== 'ship') return;
  const alloc = await tx
    .select({ code: reservations.locationCode, sku: reservations.sku, quantity: reservations.quantity })
    .from(reservations)
    .where(and(eq(reservations.orderId, orderId), eq(reservations.state, 'allocated')))
    .orderBy(asc(reservations.locationCode));
  let best: { date: string; ship: string; loc: string; carrier: string; service: string } | null = null;
  for (const code of [...new Set(alloc.map((a) => a.code))]) {
    const weight = await weightOf(tx, alloc.filter((a) => a.code === code));
    const to = order.shippingAddress;
    const q = await quoteFrom(tx, ctx.clock.now(), code, { country: to.country, postalCode: to.postalCode, latitude: to.latitude, longitude: to.longitude, residential: !to.company }, weight);
    if (q.chosen && (!best || q.chosen.deliveryDate > best.date)) best = { date: q.chosen.deliveryDate, ship: q.chosen.shipDate, loc: code, carrier: q.chosen.carrier, service: q.chosen.service };
  }
  // Backordered units ship when the purchase order expected first brings them in: quoted from that location as
  // of its expected day (the promise is the latest of all). Without a sent purchase order they give no date.
  const waiting = await tx
    .select({ sku: orderLines.sku, quantity: orderLines.quantityBackordered })
    .from(orderLines)
    .where(and(eq(orderLines.orderId, orderId), sql`${orderLines.quantityBackordered} > 0`));
  for (const w of waiting) {
    const restock = await expectedRestock(tx, w.sku);
    if (!restock) continue;
    const weight = await weightOf(tx, [w]);
    const to = order.shippingAddress;
    const from = new Date(Math.max(ctx.clock.now().getTime(), Date.parse(`${restock.expectedOn}T12:00:00Z`)));
    const q = await quoteFrom(tx, from, restock.locationCode, { country: to.country, postalCode: to.postalCode, latitude: to.latitude, longitude: to.longitude, residential: !to.company }, weight);
    if (q.chosen && (!best || q.chosen.deliveryDate > best.date)) best = { date: q.chosen.deliveryDate, ship: q.chosen.shipDate, loc: restock.locationCode, carrier: q.chosen.carrier, service: q.chosen.service };
  }
  if (source === 'label') {
    const [s] = await tx.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(sql`${shipments.estimatedDelivery} desc nulls last`).limit(1);
    if (s?.estimatedDelivery && (!best || s.estimatedDelivery > best.date)) best = { date: s.estimatedDelivery, ship: s.shipDate ?? s.estimatedDelivery, loc: s.locationCode, carrier: s.carrierCode, service: s.serviceCode };
  }
  if (!best) return;
  const values = { orderId, promisedDate: best.date, shipDate: best.ship, locationCode: best.loc, carrierCode: best.carrier, serviceCode: best.service, source, updatedAt: ctx.clock.now() };
  if (source === 'label') {
    // A label only ever moves the promise later (the carrier's estimate), never earlier than promised.
    const [current] = await tx.select().from(orderPromises).where(eq(orderPromises.orderId, orderId)).for('update');
    if (current && current.promisedDate >= best.date) return;
  }
  await tx.insert(orderPromises).values(values).onConflictDoUpdate({ target: orderPromises.orderId, set: values });
}

/**
 * `refreshOrderPromise` (source placement or allocation) for several orders: orders, allocations and
 * catalog weights read once for all (orders with backordered units go through `refreshOrderPromise` itself), the quote setups of all their locations in two reads, the promises written in one
 * upsert.
 */
export async function refreshOrderPromises(tx: Db, ctx: Ctx, orderIds: string[], sourceOf: (orderId: string) => 'placement' | 'allocation') {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return;
  const shipped = (await tx.select().from(orders).where(inArray(orders.id, ids))).filter((o) => o.deliveryMethod === 'ship');
  if (shipped.length === 0) return;
  // Orders with backordered units are promised from the purchase order expected to bring them in: the one-order
  // path reads it (rare at placement, so one at a time).
  const waiting = new Set(
    (await tx
      .selectDistinct({ orderId: orderLines.orderId })
      .from(orderLines)
      .where(and(inArray(orderLines.orderId, shipped.map((o) => o.id)), sql`${orderLines.quantityBackordered} > 0`))).map((r) => r.orderId),
  );
  for (const id of waiting) await refreshOrderPromise(tx, ctx, id, sourceOf(id));
  const found = shipped.filter((o) => !waiting.has(o.id));
  if (found.length === 0) return;
  const alloc = await tx
    .select({ orderId: reservations.orderId, code: reservations.locationCode, sku: reservations.sku, quantity: reservations.quantity })
    .from(reservations)
    .where(and(inArray(reservations.orderId, found.map((o) => o.id)), eq(reservations.state, 'allocated')))
    .orderBy(asc(reservations.locationCode));
  const skus = [...new Set(alloc.map((a) => a.sku))];
  const weights = skus.length ? await tx.select({ sku: products.sku, w: products.weightGrams }).from(products).where(inArray(products.sku, skus)) : [];
  const weightOfSku = new Map(weights.map((r) => [r.sku, r.w ?? 0]));
  const setups = await loadQuoteSetups(tx, alloc.map((a) => a.code), { adapters: ['table_rate'] });
  const now = ctx.clock.now();
  const values: Array<typeof orderPromises.$inferInsert> = [];
  for (const order of found) {
    const mine = alloc.filter((a) => a.orderId === order.id);
    let best: { date: string; ship: string; loc: string; carrier: string; service: string } | null = null;
    for (const code of [...new Set(mine.map((a) => a.code))]) {
      const weight = mine.filter((a) => a.code === code).reduce((s, l) => s + (weightOfSku.get(l.sku) ?? 0) * l.quantity, 0);
      const setup = setups.get(code)!;
      const to = order.shippingAddress;
      const shipTo = { country: to.country, postalCode: to.postalCode, latitude: to.latitude, longitude: to.longitude, residential: !to.company };
      const q = quoteWith(setup, now, { locationCode: code, shipTo, parcels: [{ weightGrams: Math.max(1, weight), lengthMm: 1, widthMm: 1, heightMm: 1 }], level: undefined });
      if (q.chosen && (!best || q.chosen.deliveryDate > best.date)) best = { date: q.chosen.deliveryDate, ship: q.chosen.shipDate, loc: code, carrier: q.chosen.carrier, service: q.chosen.service };
    }
    if (best) values.push({ orderId: order.id, promisedDate: best.date, shipDate: best.ship, locationCode: best.loc, carrierCode: best.carrier, serviceCode: best.service, source: sourceOf(order.id), updatedAt: now });
  }
  if (values.length === 0) return;
  await tx
    .insert(orderPromises)
    .values(values)
    .onConflictDoUpdate({
      target: orderPromises.orderId,
      set: {
        promisedDate: sql`excluded.promised_date`,
        shipDate: sql`excluded.ship_date`,
        locationCode: sql`excluded.location_code`,
        carrierCode: sql`excluded.carrier_code`,
        serviceCode: sql`excluded.service_code`,
        source: sql`excluded.source`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

export async function getOrderPromise(db: Db, orderId: string) {
  const [o] = await db.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId));
  if (!o) throw notFound('Order', orderId);
  const [p] = await db.select().from(orderPromises).where(eq(orderPromises.orderId, orderId));
  if (!p) throw notFound('Promise of order', orderId);
  return { orderId: p.orderId, promisedDate: p.promisedDate, shipDate: p.shipDate, locationCode: p.locationCode, carrier: p.carrierCode, service: p.serviceCode, source: p.source, updatedAt: p.updatedAt.toISOString() };
}

/** Backordered orders waiting for the SKUs of a purchase order just sent: their promise follows its expected day. */
export const restockPromiseHandler = (deps: Deps): EventHandler =>
  eventHandler({
    name: 'shipping.order_promise_on_restock',
    events: [purchaseOrderSent],
    async handle(tx, event) {
      const skus = event.payload.lines.map((l) => l.sku);
      const waiting = await queryRows<{ id: string }>(tx, sql`
        select distinct l.order_id::text as id from order_lines l join orders o on o.id = l.order_id
        where l.sku = any(${sql.param(skus)}::text[]) and l.quantity_backordered > 0 and o.status not in ('cancelled', 'completed')
        order by 1 limit 1000`);
      for (const w of waiting) await refreshOrderPromise(tx, { ...deps, db: tx, actor: systemActor }, w.id, 'restock');
    },
  });

/** Keeps order_promises current: after placement, when sourcing allocates, after an edit (address, lines), when a label is bought. */
export const orderPromiseHandler = (deps: Deps): EventHandler =>
  eventHandler({
  name: 'shipping.order_promise',
  events: [orderPlaced, orderAllocated, orderEdited, shipmentLabelPurchased],
  async handle(tx, event) {
    const orderId = event.payload.orderId;
    const source = event.type === 'order.placed' ? 'placement' : event.type === 'shipment.label_purchased' ? 'label' : 'allocation';
    await refreshOrderPromise(tx, { ...deps, db: tx, actor: systemActor }, orderId, source);
  },
  // Placement and allocation events of a batch together; a label (rare) moves one promise at a time.
  async handleBatch(tx, events) {
    const ctx = { ...deps, db: tx, actor: systemActor };
    const sources = new Map<string, 'placement' | 'allocation'>();
    for (const e of events) {
      if (e.type === 'shipment.label_purchased') await refreshOrderPromise(tx, ctx, e.payload.orderId, 'label');
      else sources.set(e.payload.orderId, e.type === 'order.placed' ? 'placement' : 'allocation');
    }
    await refreshOrderPromises(tx, ctx, [...sources.keys()], (id) => sources.get(id)!);
  },
});
