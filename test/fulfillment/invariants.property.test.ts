import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { reconcileInventory } from '../../src/modules/inventory/index.js';
import { queryRows } from '../../src/platform/db/query.js';

/**
 * Random sequences of place / start / scan (right and wrong codes) / short / reject / pack / hand-off /
 * cancel through the API, draining the handlers after each step, checking the inventory and order
 * line invariants of test/orders/invariants.property.test.ts plus the fulfillment ones after every step.
 */
const SKUS = ['P1', 'P2', 'P3'];

type Op =
  | { kind: 'place'; lines: Array<{ sku: string; quantity: number }> }
  | { kind: 'start' | 'pack' | 'handoff' | 'reject' | 'cancel' | 'finish'; pick: number }
  | { kind: 'scan'; pick: number; line: number; quantity: number; wrong: boolean }
  | { kind: 'short'; pick: number; line: number; quantity: number };

const pick = fc.nat();
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('place' as const), lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('scan' as const), pick, line: fc.nat(), quantity: fc.integer({ min: 1, max: 3 }), wrong: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('short' as const), pick, line: fc.nat(), quantity: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('pack' as const, 'handoff' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('reject' as const, 'cancel' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('finish' as const), pick }) },
);

let t: TestApp;
let handedOff = 0;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'L1' });
  for (const [i, s] of SKUS.entries()) {
    await makeProduct(t, { sku: s, dimensionsMm: { length: 100 + i * 50, width: 80, height: 60 }, weightGrams: 200 });
    await receiveStock(t, s, 'L1', 12);
  }
  const box = await t.api('POST', '/api/v1/boxes', { code: 'BIG', name: 'Big', dimensionsMm: { length: 600, width: 400, height: 400 }, maxWeightGrams: 30000 });
  expect(box.status).toBe(201);
});
afterAll(() => t.close());

async function fulfillmentIds(): Promise<Array<{ id: string; order_id: string }>> {
  return queryRows(t.database.db, sql`select id, order_id from fulfillment_orders order by number`);
}

async function apply(o: Op): Promise<number> {
  if (o.kind === 'place') {
    const res = await t.api('POST', '/api/v1/orders', orderBody(o.lines, { inventoryPolicy: 'backorder' }));
    return res.status;
  }
  const fos = await fulfillmentIds();
  if (!fos.length) return 204;
  const f = fos[o.pick % fos.length]!;
  const url = `/api/v1/fulfillment-orders/${f.id}`;
  const as = { as: 'warehouse' as const };
  switch (o.kind) {
    case 'start':
      return (await t.api('POST', `${url}/start-picking`, undefined, as)).status;
    case 'pack':
      return (await t.api('POST', `${url}/pack`, {}, as)).status;
    case 'handoff':
      return (await t.api('POST', `${url}/hand-off`, undefined, as)).status;
    case 'reject':
      return (await t.api('POST', `${url}/reject`, { reason: 'prop' }, as)).status;
    case 'cancel':
      return (await t.api('POST', `/api/v1/orders/${f.order_id}/cancel`, { reason: 'prop' })).status;
    case 'finish': {
      // The happy path in one op, each step allowed to be refused: start, scan what is left, pack, hand off.
      let d = (await t.api('GET', url)).body;
      if (d.status === 'open') await t.api('POST', `${url}/start-picking`, undefined, as);
      for (const l of d.lines) if (l.remaining > 0) await t.api('POST', `${url}/scan`, { code: l.sku, quantity: l.remaining }, as);
      d = (await t.api('GET', url)).body;
      if (d.status === 'picked' || d.status === 'packing') await t.api('POST', `${url}/pack`, {}, as);
      const res = await t.api('POST', `${url}/hand-off`, undefined, as);
      if (res.status === 200) handedOff++;
      return res.status;
    }
    case 'scan': {
      const d = (await t.api('GET', url)).body;
      const line = d.lines[o.line % d.lines.length];
      const code = o.wrong ? SKUS.find((s) => !d.lines.some((l: any) => l.sku === s)) ?? '0000000000000' : line.sku;
      const res = await t.api('POST', `${url}/scan`, { code, quantity: o.quantity }, as);
      if (o.wrong) expect(res.status).not.toBe(200);
      return res.status;
    }
    case 'short': {
      const d = (await t.api('GET', url)).body;
      const line = d.lines[o.line % d.lines.length];
      return (await t.api('POST', `${url}/short`, { lineId: line.id, quantity: o.quantity, reason: 'not_found' }, as)).status;
    }
  }
}

async function checkInvariants(): Promise<void> {
  const db = t.database.db;
  const report = await reconcileInventory(db);
  expect(report.mismatches).toEqual([]);
  expect(report.reservedMismatches).toEqual([]);
  expect(await queryRows(db, sql`select sku from inventory_levels where reserved < 0 or reserved > on_hand or on_hand < 0`)).toEqual([]);
  expect(await queryRows(db, sql`
    select id from order_lines
    where quantity_ordered <> quantity_cancelled + quantity_pending + quantity_backordered + quantity_allocated + quantity_shipped
       or least(quantity_cancelled, quantity_pending, quantity_backordered, quantity_allocated, quantity_shipped) < 0`)).toEqual([]);
  expect(await queryRows(db, sql`
    select l.id from order_lines l
    left join (select order_line_id, sum(quantity)::int q from reservations where state = 'allocated' group by order_line_id) r on r.order_line_id = l.id
    where l.quantity_allocated <> coalesce(r.q, 0)`)).toEqual([]);
  // Active fulfillment orders hold exactly the allocated units of releasable orders (after draining).
  expect(await queryRows(db, sql`
    with held as (
      select r.order_line_id, r.location_code, sum(r.quantity)::int q from reservations r join orders o on o.id = r.order_id
      where r.state = 'allocated' and o.status in ('confirmed', 'processing', 'partially_shipped') group by 1, 2),
    covered as (
      select fl.order_line_id, fo.location_code, sum(fl.quantity - fl.short)::int q
      from fulfillment_lines fl join fulfillment_orders fo on fo.id = fl.fulfillment_order_id
      where fo.status not in ('handed_off', 'picked_up', 'rejected', 'cancelled') group by 1, 2)
    select coalesce(h.order_line_id, c.order_line_id) id, h.q held, c.q covered from held h
    full join covered c on c.order_line_id = h.order_line_id and c.location_code = h.location_code
    where coalesce(h.q, 0) <> coalesce(c.q, 0)`)).toEqual([]);
  // Shipped units are exactly the picked units of handed-off fulfillment orders and 'shipment' movements.
  expect(await queryRows(db, sql`
    select l.id from order_lines l
    left join (select fl.order_line_id, sum(fl.picked)::int q from fulfillment_lines fl join fulfillment_orders fo on fo.id = fl.fulfillment_order_id
               where fo.status = 'handed_off' group by 1) s on s.order_line_id = l.id
    where l.quantity_shipped <> coalesce(s.q, 0)`)).toEqual([]);
  const [m] = await queryRows<{ moved: number; shipped: number }>(db, sql`
    select (select coalesce(-sum(delta), 0)::int from inventory_movements where reason = 'shipment') moved,
           (select coalesce(sum(quantity_shipped), 0)::int from order_lines) shipped`);
  expect(m!.moved).toBe(m!.shipped);
  // Order status agrees with its lines.
  expect(await queryRows(db, sql`
    select o.id from orders o where (o.status = 'shipped' and exists (select 1 from order_lines l where l.order_id = o.id and l.quantity_shipped + l.quantity_cancelled <> l.quantity_ordered))
       or (o.status in ('confirmed', 'placed') and exists (select 1 from order_lines l where l.order_id = o.id and l.quantity_shipped > 0))`)).toEqual([]);
}

describe('fulfillment invariants under random operation sequences', () => {
  it('hold after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 6, maxLength: 16 }), async (ops) => {
        for (const o of ops) {
          const status = await apply(o);
          expect([200, 201, 204, 409, 422]).toContain(status);
          if (o.kind === 'handoff' && status === 200) handedOff++;
          await t.drain();
          await checkInvariants();
        }
      }),
      { numRuns: 15, seed: 20261126 },
    );
    expect(handedOff).toBeGreaterThan(0);
  }, 300_000);
});
