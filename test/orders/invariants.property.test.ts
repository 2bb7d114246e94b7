import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody } from '../support/factories.js';
import { reconcileInventory } from '../../src/modules/inventory/index.js';
import { queryRows } from '../../src/platform/db/query.js';

/**
 * Acceptance 3: random sequences of adjust / transfer / place / cancel, checking every invariant of
 * design.md §3 after each step, through the public API. Refusals (409, 422) are legitimate outcomes;
 * a 5xx or a broken invariant is a failure.
 */
const SKUS = ['P1', 'P2', 'P3'];
const LOCS = ['L1', 'L2'];

type Op =
  | { kind: 'adjust'; sku: string; loc: string; delta: number }
  | { kind: 'transfer'; sku: string; from: string; to: string; quantity: number }
  | { kind: 'place'; lines: Array<{ sku: string; quantity: number }>; policy: 'reject' | 'backorder' }
  | { kind: 'cancel'; pick: number; partial: boolean };

const sku = fc.constantFrom(...SKUS);
const loc = fc.constantFrom(...LOCS);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('adjust' as const), sku, loc, delta: fc.integer({ min: -4, max: 8 }).filter((d) => d !== 0) }),
  fc.record({ kind: fc.constant('transfer' as const), sku, from: loc, to: loc, quantity: fc.integer({ min: 1, max: 4 }) }).filter((t) => t.from !== t.to),
  fc.record({
    kind: fc.constant('place' as const),
    lines: fc.array(fc.record({ sku, quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 }),
    policy: fc.constantFrom('reject' as const, 'backorder' as const),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(), partial: fc.boolean() }),
);

let t: TestApp;
const orderIds: string[] = [];
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'L1', latitude: 52.5, longitude: 13.4 });
  await makeLocation(t, { code: 'L2', latitude: 48.1, longitude: 11.6 });
  for (const s of SKUS) await makeProduct(t, { sku: s });
});
afterAll(() => t.close());

async function apply(o: Op): Promise<number> {
  switch (o.kind) {
    case 'adjust':
      return (await t.api('POST', '/api/v1/inventory/adjustments', { sku: o.sku, locationCode: o.loc, delta: o.delta, reason: 'adjustment' })).status;
    case 'transfer':
      return (await t.api('POST', '/api/v1/inventory/transfers', { sku: o.sku, fromLocationCode: o.from, toLocationCode: o.to, quantity: o.quantity })).status;
    case 'place': {
      const res = await t.api('POST', '/api/v1/orders', orderBody(o.lines, { inventoryPolicy: o.policy }));
      if (res.status === 201) orderIds.push(res.body.id);
      return res.status;
    }
    case 'cancel': {
      if (!orderIds.length) return 204;
      const id = orderIds[o.pick % orderIds.length]!;
      const order = (await t.api('GET', `/api/v1/orders/${id}`)).body;
      const line = order.lines.find((l: any) => l.quantities.allocated + l.quantities.backordered > 0);
      const body = o.partial && line ? { reason: 'prop', lines: [{ lineId: line.id, quantity: 1 }] } : { reason: 'prop' };
      return (await t.api('POST', `/api/v1/orders/${id}/cancel`, body)).status;
    }
  }
}

async function checkInvariants(): Promise<void> {
  const report = await reconcileInventory(t.database.db);
  expect(report.mismatches).toEqual([]);
  expect(report.reservedMismatches).toEqual([]);
  const bad = await queryRows(t.database.db, sql`
    select sku, location_code from inventory_levels
    where reserved < 0 or reserved > on_hand or on_hand < 0`);
  expect(bad).toEqual([]);
  const lines = await queryRows(t.database.db, sql`
    select id from order_lines
    where quantity_ordered <> quantity_cancelled + quantity_pending + quantity_backordered + quantity_allocated + quantity_shipped
       or least(quantity_cancelled, quantity_pending, quantity_backordered, quantity_allocated, quantity_shipped) < 0`);
  expect(lines).toEqual([]);
  // Allocated line quantities are exactly the active allocated reservations.
  const alloc = await queryRows(t.database.db, sql`
    select l.id from order_lines l
    left join (select order_line_id, sum(quantity)::int q from reservations where state = 'allocated' group by order_line_id) r
      on r.order_line_id = l.id
    where l.quantity_allocated <> coalesce(r.q, 0)`);
  expect(alloc).toEqual([]);
  const cancelled = await queryRows(t.database.db, sql`
    select o.id from orders o where o.status = 'cancelled'
      and exists (select 1 from order_lines l where l.order_id = o.id and l.quantity_cancelled <> l.quantity_ordered)`);
  expect(cancelled).toEqual([]);
}

describe('invariants under random operation sequences', () => {
  it('hold after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 14 }), async (ops) => {
        for (const o of ops) {
          const status = await apply(o);
          expect([200, 201, 204, 409, 422]).toContain(status);
          await checkInvariants();
        }
      }),
      { numRuns: 20, seed: 20261126 },
    );
    expect(orderIds.length).toBeGreaterThan(5);
  }, 240_000);
});
