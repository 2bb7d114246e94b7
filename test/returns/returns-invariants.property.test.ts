/**
 * Invariants under random return flows through the HTTP API: returned ≤ delivered and claimed ≤
 * delivered per line, refunded ≤ captured per payment, ledger sum = on hand per (sku, location),
 * store credit balance = sum of its ledger. Concurrent requests are fired in some steps.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { queryRows } from '../../src/platform/db/query.js';
import { deliveredOrder, GTIN, ok, returnsWorld } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await returnsWorld(t);
  await ok(t.api('PUT', '/api/v1/returns/policy', {
    timeZone: 'Europe/Berlin',
    defaults: { windowDays: 30, restockingFeeBps: 500, returnShippingPaidBy: 'customer', exchangeAllowed: true, condition: null },
    productTypes: [], rules: [], finalSaleSkus: [],
    fraud: { threshold: 1000, highValueAmount: 1 },
  }));
});
afterAll(() => t.close());

const codes = ['MUG-1', GTIN.MUG, 'PEN-1', GTIN.PEN, GTIN.BOOK] as const;
const dispositions = ['restock', 'refurbish', 'quarantine', 'scrap', 'return_to_vendor'] as const;
type Op =
  | { kind: 'create'; line: number; quantity: number; resolution: 'refund' | 'store_credit'; approve: boolean }
  | { kind: 'decide'; which: number; to: 'approve' | 'reject' | 'cancel' }
  | { kind: 'receive'; which: number; items: Array<{ code: number; quantity: number; disposition: number }> };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), line: fc.integer({ min: 0, max: 1 }), quantity: fc.integer({ min: 1, max: 3 }), resolution: fc.constantFrom('refund' as const, 'store_credit' as const), approve: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decide' as const), which: fc.nat(5), to: fc.constantFrom('approve' as const, 'approve' as const, 'reject' as const, 'cancel' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('receive' as const), which: fc.nat(5), items: fc.array(fc.record({ code: fc.nat(codes.length - 1), quantity: fc.integer({ min: 1, max: 3 }), disposition: fc.nat(dispositions.length - 1) }), { minLength: 1, maxLength: 3 }) }) },
);
const stepArb = fc.oneof({ weight: 3, arbitrary: opArb.map((o) => [o]) }, { weight: 1, arbitrary: fc.array(opArb, { minLength: 2, maxLength: 3 }) });

async function checkInvariants(orderId: string, customerId: string) {
  const lines = await queryRows<{ delivered: number; returned: number; claimed: number }>(t.database.db, sql`
    select l.quantity_delivered as delivered, l.quantity_returned as returned,
      coalesce((select sum(rl.quantity) from return_lines rl join returns r on r.id = rl.return_id where rl.order_line_id = l.id and r.status not in ('rejected','cancelled')), 0)::int as claimed
    from order_lines l where l.order_id = ${orderId}`);
  for (const l of lines) {
    expect(l.returned).toBeLessThanOrEqual(l.delivered);
    expect(Number(l.claimed)).toBeLessThanOrEqual(l.delivered);
  }
  const pays = await queryRows<{ ok: boolean }>(t.database.db, sql`select (refunded_amount + pending_refund_amount <= captured_amount) as ok from payments where order_id = ${orderId}`);
  expect(pays.every((p) => p.ok)).toBe(true);
  const ledger = await queryRows<{ diff: number }>(t.database.db, sql`
    select count(*)::int as diff from inventory_levels lv
    where lv.on_hand <> coalesce((select sum(delta) from inventory_movements m where m.sku = lv.sku and m.location_code = lv.location_code), 0)`);
  expect(Number(ledger[0]!.diff)).toBe(0);
  const credit = await ok(t.api('GET', `/api/v1/customers/${customerId}/store-credit`));
  const sum = credit.entries.reduce((s: number, e: any) => s + e.amount.amount, 0);
  expect(credit.balances.reduce((s: number, b: any) => s + b.amount, 0)).toBe(sum);
}

let n = 0;
describe('returns invariants (property)', () => {
  it('hold under random create / decide / receive flows, some concurrent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 4, maxLength: 8 }), async (steps) => {
        const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 3, amount: 1333 }, { sku: 'PEN-1', quantity: 2, amount: 999 }], {
          customer: { email: `prop-${++n}@example.com`, name: 'Prop Erty' },
          payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }],
          shipping: { amount: 490, currency: 'EUR' },
        });
        const created: string[] = [];
        const approved: string[] = [];
        const run = async (op: Op) => {
          if (op.kind === 'create') {
            const r = await t.api('POST', '/api/v1/returns', { orderId: o.id, resolution: op.resolution, lines: [{ orderLineId: o.lines[op.line]!.id, quantity: op.quantity, reason: 'changed_mind' }] });
            if (process.env.DEBUG_PROP) console.log('create', r.status, JSON.stringify(r.body).slice(0, 300));
            expect([201, 422]).toContain(r.status);
            if (r.status === 201) created.push(r.body.id);
            if (r.status === 201 && op.approve) (await ok(t.api('POST', `/api/v1/returns/${r.body.id}/approve`, {})), approved.push(r.body.id));
          } else if (created.length) {
            const pool = op.kind === 'receive' && approved.length ? approved : created;
            const id = pool[op.which % pool.length]!;
            const r = op.kind === 'decide'
              ? await t.api('POST', `/api/v1/returns/${id}/${op.to}`, op.to === 'approve' ? {} : { reason: 'property' })
              : await t.api('POST', `/api/v1/returns/${id}/receive`, { locationCode: 'STO', items: op.items.map((i) => ({ code: codes[i.code], quantity: i.quantity, condition: 'used', disposition: dispositions[i.disposition] })) }, { as: 'warehouse' });
            if (process.env.DEBUG_PROP) console.log(op.kind, r.status, JSON.stringify(r.body).slice(0, 300));
            expect([200, 409], JSON.stringify(r.body)).toContain(r.status);
          }
        };
        for (const step of steps) {
          await Promise.all(step.map(run));
          await checkInvariants(o.id, o.customer.id);
        }
      }),
      { numRuns: 6, seed: 13 },
    );
    // not vacuous: the flows reached receiving and settled money and stock
    const [c] = await queryRows<{ completed: number; receipts: number; movements: number }>(t.database.db, sql`
      select (select count(*) from returns where status = 'completed')::int as completed, (select count(*) from return_receipts)::int as receipts,
        (select count(*) from inventory_movements where reference_type = 'return')::int as movements`);
    expect(Number(c!.completed)).toBeGreaterThan(0);
    expect(Number(c!.receipts)).toBeGreaterThan(0);
    expect(Number(c!.movements)).toBeGreaterThan(0);
  });
});
