import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx, Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { inventoryLevels, locations, orderPromises, orders, products, reservations, shipments } from '../../platform/db/schema/index.js';
import { notFound, validation } from '../../platform/errors.js';
import { countryCode, moneySchema } from '../../platform/http/schemas.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { systemActor } from '../../platform/auth/roles.js';
import { distanceKm } from '../../domain/geo.js';
import { quoteShipping } from './quote-shipping.js';

export const promiseBody = z
  .object({
    lines: z.array(z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().min(1).max(100_000) })).min(1).max(200),
    shippingAddress: z.object({ country: countryCode, postalCode: z.string().max(20).optional(), latitude: z.number().min(-90).max(90).optional(), longitude: z.number().min(-180).max(180).optional() }),
    level: z.string().max(32).optional(),
  })
  .meta({ id: 'PromiseRequest' });

const optionSchema = z.object({ carrier: z.string(), service: z.string(), level: z.string(), price: moneySchema, shipDate: z.string(), deliveryDate: z.string() });
export const promiseSchema = z
  .object({
    locations: z.array(z.object({ locationCode: z.string(), distanceKm: z.number().nullable(), shipDate: z.string(), options: z.array(optionSchema) })),
    earliestDelivery: z.string().nullable(),
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
  const errors = lines.flatMap((l, i) => (rows.some((r) => r.sku === l.sku) ? [] : [{ path: `lines.${i}.sku`, message: `unknown SKU ${l.sku}` }]));
  if (errors.length) throw validation(errors);
  return Math.max(1, lines.reduce((s, l) => s + (rows.find((r) => r.sku === l.sku)?.w ?? 0) * l.quantity, 0));
}

const parcel = (weightGrams: number) => [{ weightGrams, lengthMm: 1, widthMm: 1, heightMm: 1 }];

/**
 * Read-only delivery promise for a cart: the ship-from locations that could send every line now
 * (available stock, nearest first — the rule sourcing starts from), each with every service's price
 * and estimated delivery. Nothing is reserved.
 */
export async function promiseFor(db: Db, now: Date, input: z.output<typeof promiseBody>): Promise<PromiseJson> {
  const weight = await weightOf(db, input.lines);
  const need = new Map<string, number>();
  for (const l of input.lines) need.set(l.sku, (need.get(l.sku) ?? 0) + l.quantity);
  const levels = await db
    .select({ code: inventoryLevels.locationCode, sku: inventoryLevels.sku, available: sql<number>`(${inventoryLevels.onHand} - ${inventoryLevels.reserved} - ${inventoryLevels.safetyStock})::int` })
    .from(inventoryLevels)
    .innerJoin(locations, eq(locations.code, inventoryLevels.locationCode))
    .where(and(inArray(inventoryLevels.sku, [...need.keys()]), eq(locations.active, true), eq(locations.canShip, true)));
  const covering = [...new Set(levels.map((l) => l.code))].filter((code) => [...need].every(([sku, q]) => levels.some((l) => l.code === code && l.sku === sku && Number(l.available) >= q)));
  if (!covering.length) return { locations: [], earliestDelivery: null, reason: 'no single ship-from location has every line in stock' };
  const locs = await db.select().from(locations).where(inArray(locations.code, covering));
  const to = input.shippingAddress;
  const dist = (l: (typeof locs)[number]) => (to.latitude !== undefined && to.longitude !== undefined ? Math.round(distanceKm(l, { latitude: to.latitude, longitude: to.longitude })) : null);
  locs.sort((a, b) => (dist(a) ?? 0) - (dist(b) ?? 0) || a.priority - b.priority || a.code.localeCompare(b.code));
  const out: PromiseJson['locations'] = [];
  for (const l of locs.slice(0, 5)) {
    const q = await quoteShipping(db, now, { locationCode: l.code, shipTo: { ...to, residential: true }, parcels: parcel(weight), level: input.level }, { adapters: ['table_rate'] });
    out.push({ locationCode: l.code, distanceKm: dist(l), shipDate: q.shipDate, options: q.options.map((o) => ({ carrier: o.carrier, service: o.service, level: o.level, price: o.total, shipDate: o.shipDate, deliveryDate: o.deliveryDate })) });
  }
  const dates = out.flatMap((l) => l.options.map((o) => o.deliveryDate)).sort();
  return { locations: out, earliestDelivery: dates[0] ?? null, reason: dates.length ? `${out.length} location(s) can send every line` : 'no service reaches the destination' };
}

/**
 * Stores an order's promise from where it is allocated: per location the cheapest service's delivery
 * date; the order's promise is the latest of them. Runs in an outbox handler, never in placement.
 */
export async function refreshOrderPromise(tx: Db, ctx: Ctx, orderId: string, source: 'placement' | 'allocation' | 'label') {
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
    const q = await quoteShipping(tx, ctx.clock.now(), { locationCode: code, shipTo: { country: to.country, postalCode: to.postalCode, latitude: to.latitude, longitude: to.longitude, residential: !to.company }, parcels: parcel(weight) }, { adapters: ['table_rate'] });
    if (q.chosen && (!best || q.chosen.deliveryDate > best.date)) best = { date: q.chosen.deliveryDate, ship: q.chosen.shipDate, loc: code, carrier: q.chosen.carrier, service: q.chosen.service };
  }
  if (source === 'label') {
    const [s] = await tx.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(sql`${shipments.estimatedDelivery} desc nulls last`).limit(1);
    if (s?.estimatedDelivery && (!best || s.estimatedDelivery > best.date)) best = { date: s.estimatedDelivery, ship: s.shipDate ?? s.estimatedDelivery, loc: s.locationCode, carrier: s.carrierCode, service: s.serviceCode };
  }
  if (!best) return;
  const values = { orderId, promisedDate: best.date, shipDate: best.ship, locationCode: best.loc, carrierCode: best.carrier, serviceCode: best.service, source, updatedAt: ctx.clock.now() };
  const [current] = await tx.select().from(orderPromises).where(eq(orderPromises.orderId, orderId)).for('update');
  // A label only ever moves the promise later (the carrier's estimate), never earlier than promised.
  if (current && source === 'label' && current.promisedDate >= best.date) return;
  await tx.insert(orderPromises).values(values).onConflictDoUpdate({ target: orderPromises.orderId, set: values });
}

export async function getOrderPromise(db: Db, orderId: string) {
  const [o] = await db.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId));
  if (!o) throw notFound('Order', orderId);
  const [p] = await db.select().from(orderPromises).where(eq(orderPromises.orderId, orderId));
  if (!p) throw notFound('Promise of order', orderId);
  return { orderId: p.orderId, promisedDate: p.promisedDate, shipDate: p.shipDate, locationCode: p.locationCode, carrier: p.carrierCode, service: p.serviceCode, source: p.source, updatedAt: p.updatedAt.toISOString() };
}

/** Keeps order_promises current: after placement, when sourcing allocates, when a label is bought. */
export const orderPromiseHandler = (deps: Deps): EventHandler => ({
  name: 'shipping.order_promise',
  types: ['order.placed', 'order.allocated', 'shipment.label_purchased'],
  async handle(tx, event) {
    const orderId = event.payload.orderId;
    if (typeof orderId !== 'string') return;
    const source = event.type === 'order.placed' ? 'placement' : event.type === 'order.allocated' ? 'allocation' : 'label';
    await refreshOrderPromise(tx, { ...deps, db: tx, actor: systemActor }, orderId, source);
  },
});
