import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { ok, shippingWorld } from './support.js';

/**
 * The promise is what placement will do: the shipments of `POST /promise` are the locations the
 * order placed right after with the same cart is allocated from.
 */
let t: TestApp;
const EUR = (amount: number) => ({ amount, currency: 'EUR' });
beforeAll(async () => {
  t = await testApp();
  await shippingWorld(t); // BER warehouse in Berlin, Ordo Post ground + express
  await makeLocation(t, { code: 'STR', name: 'Mitte store', type: 'store', latitude: 52.515, longitude: 13.39, address: { line1: 'Friedrichstraße 1', city: 'Berlin', postalCode: '10117', country: 'DE' } });
  await makeLocation(t, { code: 'MUC', name: 'Munich DC', latitude: 48.137, longitude: 11.575, address: { line1: 'Marienplatz 1', city: 'München', postalCode: '80331', country: 'DE' } });
  for (const sku of ['A', 'B', 'C', 'D', 'RARE', 'GONE', 'V-X', 'V-Y']) await makeProduct(t, { sku, name: `Product ${sku}` });
});
afterAll(() => t.close());

const berlin = { country: 'DE', postalCode: '10117', latitude: 52.517, longitude: 13.389 };
const promise = (lines: Array<{ sku: string; quantity: number }>, over: Record<string, unknown> = {}) =>
  ok(t.api('POST', '/api/v1/promise', { lines, shippingAddress: berlin, ...over }));
let orders = 0;
const place = async (lines: Array<{ sku: string; quantity: number }>) => {
  const res = await t.api('POST', '/api/v1/orders', orderBody(lines, { customer: { email: `promise-${++orders}@example.com`, name: 'Ada Lovelace' }, inventoryPolicy: 'backorder' }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
/** Per location the SKU units it holds for the order, from the stored plan and from the reservations. */
const allocatedOf = async (orderId: string) => {
  const [plan] = (await ok(t.api('GET', `/api/v1/orders/${orderId}/sourcing`))).items;
  const reserved = await queryRows<{ location_code: string; sku: string; quantity: number }>(
    t.database.db,
    sql`select location_code, sku, sum(quantity)::int as quantity from reservations where order_id = ${orderId} and state = 'allocated' group by 1, 2 order by 1, 2`,
  );
  return { planLocations: plan.shipments.map((s: any) => s.locationCode).sort(), reserved: reserved.map((r) => [r.location_code, r.sku, r.quantity]) };
};
const promised = (p: any) =>
  p.shipments.flatMap((s: any) => s.lines.map((l: any) => [s.locationCode, l.sku, l.quantity])).sort((a: any[], b: any[]) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
const count = async (table: string) => Number((await queryRows<{ n: number }>(t.database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

describe('POST /promise follows the sourcing engine', () => {
  it('promises the farther DC when the engine prefers it to splitting over the nearest store, and placement allocates there', async () => {
    await receiveStock(t, 'A', 'STR', 5); // the nearest store has only one of the two SKUs
    await receiveStock(t, 'B', 'BER', 5);
    await receiveStock(t, 'A', 'MUC', 5);
    await receiveStock(t, 'B', 'MUC', 5);
    const cart = [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }];
    const p = await promise(cart);
    // Default costs: STR + BER is two handling fees, two bases and the 3.00 split penalty (16.43 EUR),
    // one shipment from Munich 11.94 EUR despite ~504 km.
    expect(p.shipments.map((s: any) => s.locationCode)).toEqual(['MUC']);
    expect(p.plan.totalCost).toEqual(EUR(1194));
    expect(p.shipments[0]).toMatchObject({ weightGrams: 600, lines: [{ line: 0, sku: 'A', quantity: 1 }, { line: 1, sku: 'B', quantity: 1 }] });
    expect(p.plan.explanation.find((e: any) => e.locationCode === 'STR')).toMatchObject({ chosen: false });
    expect(p.earliestDelivery).toBe(p.shipments[0].earliestDelivery);
    expect(p.earliestDelivery).not.toBeNull();

    const o = await place(cart);
    expect(await allocatedOf(o.id)).toEqual({ planLocations: ['MUC'], reserved: [['MUC', 'A', 1], ['MUC', 'B', 1]] });
    expect(promised(p)).toEqual((await allocatedOf(o.id)).reserved);
    await t.drain();
    expect(await ok(t.api('GET', `/api/v1/orders/${o.id}/promise`))).toMatchObject({ locationCode: 'MUC', promisedDate: p.chosenDelivery });
  });

  it('promises a split when nothing ships it whole; the cart arrives with its last package, as placement splits it', async () => {
    await receiveStock(t, 'C', 'STR', 5);
    await receiveStock(t, 'D', 'BER', 5);
    const cart = [{ sku: 'C', quantity: 1 }, { sku: 'D', quantity: 2 }];
    const p = await promise(cart);
    expect(p.shipments.map((s: any) => [s.locationCode, s.lines, s.weightGrams]).sort()).toEqual([
      ['BER', [{ line: 1, sku: 'D', quantity: 2 }], 600],
      ['STR', [{ line: 0, sku: 'C', quantity: 1 }], 300],
    ]);
    for (const s of p.shipments) expect(s.options.length).toBeGreaterThan(0);
    expect(p.earliestDelivery).toBe(p.shipments.map((s: any) => s.earliestDelivery).sort().at(-1));
    expect(p.chosenDelivery).toBe(p.shipments.map((s: any) => s.chosen.deliveryDate).sort().at(-1));
    expect(p.reason).toMatch(/^split: 2 shipments/);

    const o = await place(cart);
    expect(await allocatedOf(o.id)).toEqual({ planLocations: ['BER', 'STR'], reserved: promised(p) });
  });

  it('reports the units no location can supply, and promises no date for the whole cart', async () => {
    await receiveStock(t, 'RARE', 'BER', 1);
    const p = await promise([{ sku: 'RARE', quantity: 3 }, { sku: 'B', quantity: 1 }, { sku: 'GONE', quantity: 2 }]);
    expect(p.unfillable).toEqual([{ line: 0, sku: 'RARE', quantity: 2 }, { line: 2, sku: 'GONE', quantity: 2 }]);
    expect(promised(p)).toEqual([['BER', 'B', 1], ['BER', 'RARE', 1]]);
    expect(p.shipments[0].earliestDelivery).not.toBeNull(); // the part that ships has its date …
    expect(p).toMatchObject({ earliestDelivery: null, chosenDelivery: null }); // … the whole cart has none
    expect(p.reason).toBe('2 × RARE, 2 × GONE cannot be sourced now; the rest ships from BER');

    const none = await promise([{ sku: 'GONE', quantity: 1 }]);
    expect(none).toMatchObject({ shipments: [], unfillable: [{ line: 0, sku: 'GONE', quantity: 1 }], earliestDelivery: null, reason: '1 × GONE cannot be sourced now' });

    const o = await place([{ sku: 'RARE', quantity: 3 }, { sku: 'B', quantity: 1 }, { sku: 'GONE', quantity: 2 }]);
    expect(o.lines.map((l: any) => [l.sku, l.quantities.allocated, l.quantities.backordered])).toEqual([['RARE', 1, 2], ['B', 1, 0], ['GONE', 0, 2]]);
    expect((await allocatedOf(o.id)).reserved).toEqual(promised(p));
  });

  it('uses the sourcing settings and the order value: never-split-below keeps a cheap cart whole', async () => {
    await receiveStock(t, 'V-X', 'STR', 5);
    await receiveStock(t, 'V-Y', 'BER', 5);
    await receiveStock(t, 'V-X', 'MUC', 5);
    await receiveStock(t, 'V-Y', 'MUC', 5);
    const settings = { splitPenalty: EUR(0), neverSplitBelow: EUR(20_000), maxLocationsPerOrder: null, exactCandidateLimit: 30, exactStepBudget: 200000, shippingBase: EUR(450), shippingPerKm: EUR(2), shippingPerKg: EUR(50) };
    await ok(t.api('PUT', '/api/v1/sourcing/settings', settings));
    const cart = [{ sku: 'V-X', quantity: 1 }, { sku: 'V-Y', quantity: 1 }];
    // Catalog value 2 × 49.90 EUR is under 200 EUR: one shipment, from Munich.
    expect((await promise(cart)).shipments.map((s: any) => s.locationCode)).toEqual(['MUC']);
    // Told the order is worth more, splitting is allowed and (no penalty, 2 EUR cents per km) cheaper.
    expect((await promise(cart, { orderValue: EUR(50_000) })).shipments.map((s: any) => s.locationCode).sort()).toEqual(['BER', 'STR']);
    const o = await place(cart); // priced 2 × 49.90 EUR
    expect((await allocatedOf(o.id)).planLocations).toEqual(['MUC']);
    await ok(t.api('PUT', '/api/v1/sourcing/settings', { ...settings, splitPenalty: EUR(300), neverSplitBelow: null, shippingPerKm: EUR(1) }));
  });

  it('writes nothing: no order, reservation, plan, event or stock change', async () => {
    const tables = ['orders', 'reservations', 'sourcing_plans', 'outbox', 'audit_log'];
    const before = await Promise.all(tables.map(count));
    const stock = await level(t, 'D', 'BER');
    await promise([{ sku: 'C', quantity: 1 }, { sku: 'D', quantity: 1 }]);
    await promise([{ sku: 'RARE', quantity: 5 }]);
    expect(await Promise.all(tables.map(count))).toEqual(before);
    expect(await level(t, 'D', 'BER')).toEqual(stock);
  });

  it('refuses unknown and inactive SKUs naming the line', async () => {
    await ok(t.api('PATCH', '/api/v1/products/GONE', { active: false }));
    const bad = await t.api('POST', '/api/v1/promise', { lines: [{ sku: 'A', quantity: 1 }, { sku: 'NOPE', quantity: 1 }, { sku: 'GONE', quantity: 1 }], shippingAddress: berlin });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'lines.1.sku', message: 'unknown SKU NOPE' },
      { path: 'lines.2.sku', message: 'GONE is not active' },
    ]);
  });
});
