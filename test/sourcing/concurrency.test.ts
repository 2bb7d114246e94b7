import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';

/**
 * Split orders reserve at several locations in one statement (rows locked in (sku, location) order),
 * re-planning once when a concurrent order took planned stock. Under concurrency: no oversell, no
 * deadlock, every refusal a clean 409, and the order lines agree with the reservations.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'A', latitude: 52.52, longitude: 13.405 });
  await makeLocation(t, { code: 'B', name: 'B', latitude: 52.56, longitude: 13.38 });
  await makeLocation(t, { code: 'C', name: 'C', latitude: 48.137, longitude: 11.575 });
  for (const sku of ['X', 'Y']) await makeProduct(t, { sku });
  // X at A and C, Y at B and C: cheapest is A + B (split); C takes over when they run out.
  await receiveStock(t, 'X', 'A', 6);
  await receiveStock(t, 'Y', 'B', 6);
  await receiveStock(t, 'X', 'C', 6);
  await receiveStock(t, 'Y', 'C', 6);
  await t.api('PUT', '/api/v1/sourcing/settings', {
    splitPenalty: { amount: 0, currency: 'EUR' }, neverSplitBelow: null, maxLocationsPerOrder: null, exactCandidateLimit: 12, exactStepBudget: 200000,
    shippingBase: { amount: 100, currency: 'EUR' }, shippingPerKm: { amount: 1, currency: 'EUR' }, shippingPerKg: { amount: 50, currency: 'EUR' },
  });
});
afterAll(() => t.close());

describe('split placements under concurrency', () => {
  it('30 concurrent 2-line orders over 12 + 12 units: exactly 12 placed, no oversell, lines match reservations', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.api('POST', '/api/v1/orders', orderBody([{ sku: 'X', quantity: 1 }, { sku: 'Y', quantity: 1 }], { customer: { email: `s${i}@example.com`, name: `S ${i}` } })),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(12);
    for (const r of results.filter((r) => r.status === 409)) expect(r.body.code).toBe('insufficient_stock');
    for (const [sku, loc] of [['X', 'A'], ['Y', 'B'], ['X', 'C'], ['Y', 'C']] as const) {
      expect(await level(t, sku, loc)).toMatchObject({ onHand: 6, reserved: 6, available: 0 });
    }
    const [mismatch] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from order_lines l
          where l.quantity_allocated <> coalesce((select sum(r.quantity) from reservations r where r.order_line_id = l.id and r.state = 'allocated'), 0)`,
    );
    expect(mismatch!.n).toBe(0);
    const [plans] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from sourcing_plans`);
    expect(plans!.n).toBe(12);
  });
});
