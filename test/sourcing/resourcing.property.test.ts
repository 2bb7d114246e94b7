import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody } from '../support/factories.js';
import { reconcileInventory } from '../../src/modules/inventory/index.js';
import { queryRows } from '../../src/platform/db/query.js';
import { simulateFulfillmentException } from './support.js';

/**
 * Random sequences of split placements, stock receipts, location rejections / short picks (as the
 * fulfillment side does them) and cancellations, with every handler drained after each step. After
 * each step: no oversell, reserved = active reservations, line buckets add up, allocated = the line's
 * reservations, a line's location is its single location (null when split), and nothing is allocated
 * at a location that rejected that line after it did.
 */
const SKUS = ['Q1', 'Q2'];
const LOCS = ['N1', 'N2', 'N3'];

type Op =
  | { kind: 'receive'; sku: string; loc: string; delta: number }
  | { kind: 'place'; lines: Array<{ sku: string; quantity: number }>; policy: 'reject' | 'backorder' }
  | { kind: 'exception'; pick: number; short: boolean }
  | { kind: 'cancel'; pick: number };

const sku = fc.constantFrom(...SKUS);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), sku, loc: fc.constantFrom(...LOCS), delta: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    kind: fc.constant('place' as const),
    lines: fc.uniqueArray(fc.record({ sku, quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 2, selector: (l) => l.sku }),
    policy: fc.constantFrom('reject' as const, 'backorder' as const),
  }),
  fc.record({ kind: fc.constant('exception' as const), pick: fc.nat(), short: fc.boolean() }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
);

let t: TestApp;
const orderIds: string[] = [];
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'N1', latitude: 52.52, longitude: 13.405 });
  await makeLocation(t, { code: 'N2', name: 'N2', latitude: 52.56, longitude: 13.38 });
  await makeLocation(t, { code: 'N3', name: 'N3', latitude: 48.14, longitude: 11.58 });
  for (const s of SKUS) await makeProduct(t, { sku: s });
  await t.api('PUT', '/api/v1/sourcing/settings', {
    splitPenalty: { amount: 0, currency: 'EUR' }, neverSplitBelow: null, maxLocationsPerOrder: null, exactCandidateLimit: 30, exactStepBudget: 200000,
    shippingBase: { amount: 100, currency: 'EUR' }, shippingPerKm: { amount: 1, currency: 'EUR' }, shippingPerKg: { amount: 50, currency: 'EUR' },
  });
});
afterAll(() => t.close());

async function apply(o: Op): Promise<number> {
  switch (o.kind) {
    case 'receive':
      return (await t.api('POST', '/api/v1/inventory/adjustments', { sku: o.sku, locationCode: o.loc, delta: o.delta, reason: 'receipt' })).status;
    case 'place': {
      const res = await t.api('POST', '/api/v1/orders', orderBody(o.lines, { inventoryPolicy: o.policy }));
      if (res.status === 201) orderIds.push(res.body.id);
      return res.status;
    }
    case 'exception': {
      const [r] = await queryRows<{ order_id: string; order_line_id: string; sku: string; location_code: string; quantity: number }>(
        t.database.db,
        sql`select order_id, order_line_id, sku, location_code, quantity from reservations where state = 'allocated' order by id offset ${o.pick % 7} limit 1`,
      );
      if (!r) return 204;
      const quantity = o.short ? 1 : r.quantity;
      await simulateFulfillmentException(t, o.short ? 'fulfillment.short_picked' : 'fulfillment.rejected', {
        orderId: r.order_id,
        locationCode: r.location_code,
        reason: o.short ? 'not found' : 'damaged',
        lines: [{ orderLineId: r.order_line_id, sku: r.sku, quantity }],
      });
      return 204;
    }
    case 'cancel': {
      if (!orderIds.length) return 204;
      return (await t.api('POST', `/api/v1/orders/${orderIds[o.pick % orderIds.length]}/cancel`, { reason: 'prop' })).status;
    }
  }
}

async function checkInvariants(): Promise<void> {
  const report = await reconcileInventory(t.database.db);
  expect(report.mismatches).toEqual([]);
  expect(report.reservedMismatches).toEqual([]);
  expect(await queryRows(t.database.db, sql`select sku, location_code from inventory_levels where reserved < 0 or reserved > on_hand`)).toEqual([]);
  const lines = await queryRows<{ id: string; location_code: string | null; quantity_allocated: number; q: number | null; n: number | null; only: string | null }>(
    t.database.db,
    sql`select l.id, l.location_code, l.quantity_allocated, r.q, r.n, r.only from order_lines l
        left join (select order_line_id, sum(quantity)::int q, count(distinct location_code)::int n, min(location_code) only
                   from reservations where state = 'allocated' group by order_line_id) r on r.order_line_id = l.id`,
  );
  for (const l of lines) {
    expect(l.quantity_allocated).toBe(l.q ?? 0);
    if (l.n === 1) expect(l.location_code).toBe(l.only);
    if ((l.n ?? 0) > 1) expect(l.location_code).toBeNull();
  }
  const excluded = await queryRows(
    t.database.db,
    sql`select r.id from reservations r join sourcing_exclusions e on e.order_line_id = r.order_line_id and e.location_code = r.location_code
        where r.state = 'allocated' and r.created_at >= e.created_at`,
  );
  expect(excluded).toEqual([]);
}

describe('re-sourcing invariants under random sequences', () => {
  it('hold after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          const status = await apply(o);
          expect([200, 201, 204, 409]).toContain(status);
          await t.drain();
          await checkInvariants();
        }
      }),
      { numRuns: 12, seed: 20261126 },
    );
    expect(orderIds.length).toBeGreaterThan(3);
    // the sequences did exercise re-sourcing
    const [r] = await queryRows<{ n: number }>(t.database.db, sql`select count(*) filter (where trigger in ('rejection', 'short_pick'))::int n from sourcing_plans`);
    expect(r!.n).toBeGreaterThan(0);
  }, 300_000);
});
