/**
 * The money invariants of a payment — captured ≤ authorized (minus voided), refunded ≤ captured —
 * attacked with random sequences of capture / refund / void requests through the HTTP API, some of
 * them fired concurrently, and then straight at the database (CHECK constraints, append-only ledger).
 */
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { payments } from '../../src/platform/db/schema/index.js';
import { queryRows } from '../../src/platform/db/query.js';
import { placePaid, seedShop } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.close());

type Op = { kind: 'capture' | 'refund'; amount: number } | { kind: 'void' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('capture' as const), amount: fc.integer({ min: 1, max: 6000 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('refund' as const), amount: fc.integer({ min: 1, max: 6000 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'void' as const }) },
);
/** A step is one request, or a batch of requests fired at the same time. */
const stepArb = fc.oneof(opArb.map((o) => [o]), fc.array(opArb, { minLength: 2, maxLength: 4 }));

async function send(orderId: string, paymentId: string, op: Op) {
  const url = `/api/v1/orders/${orderId}/payments/${paymentId}/${op.kind}`;
  const body = op.kind === 'void' ? {} : op.kind === 'capture' ? { amount: { amount: op.amount, currency: 'EUR' } } : { amount: { amount: op.amount, currency: 'EUR' }, reason: 'property test' };
  return t.api('POST', url, body);
}

async function stored(paymentId: string) {
  const [p] = await t.database.db.select().from(payments).where(eq(payments.id, paymentId));
  const sums = await queryRows<{ kind: string; total: string }>(t.database.db, sql`select kind, coalesce(sum(amount), 0)::text as total from payment_transactions where payment_id = ${paymentId} and status = 'succeeded' and kind <> 'authorization' group by kind`);
  const by = Object.fromEntries(sums.map((s) => [s.kind, BigInt(s.total)]));
  return { p: p!, captured: by.capture ?? 0n, refunded: by.refund ?? 0n, voided: by.void ?? 0n };
}

describe('payment amounts under random operation sequences', () => {
  it('never capture beyond the authorization or refund beyond captured; the ledger adds up to the aggregates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (steps) => {
        const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 2 }], [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }]);
        const pid = o.payment.items[0].id as string;
        const authorized = 9980;
        // A reference model of the sequential semantics.
        let captured = 0;
        let refunded = 0;
        let voided = 0;
        for (const batch of steps) {
          const results = await Promise.all(batch.map((op) => send(o.id, pid, op)));
          for (const [i, r] of results.entries()) {
            expect([200, 409], JSON.stringify(r.body)).toContain(r.status);
            if (r.status === 409) expect(['payment_limit_exceeded', 'conflict']).toContain(r.body.code);
            if (batch.length === 1) {
              // Sequential: the answer is exactly what the model predicts.
              const op = batch[i]!;
              const capturable = authorized - captured - voided;
              const ok = op.kind === 'capture' ? op.amount <= capturable : op.kind === 'refund' ? op.amount <= captured - refunded : capturable > 0;
              expect(r.status, `${JSON.stringify(op)} with captured=${captured} refunded=${refunded} voided=${voided}`).toBe(ok ? 200 : 409);
            }
          }
          const s = await stored(pid);
          captured = Number(s.p.capturedAmount);
          refunded = Number(s.p.refundedAmount);
          voided = Number(s.p.voidedAmount);
          expect(s.p.capturedAmount + s.p.voidedAmount).toBeLessThanOrEqual(s.p.authorizedAmount);
          expect(s.p.refundedAmount).toBeLessThanOrEqual(s.p.capturedAmount);
          expect([s.captured, s.refunded, s.voided]).toEqual([s.p.capturedAmount, s.p.refundedAmount, s.p.voidedAmount]);
          expect([s.p.pendingCaptureAmount, s.p.pendingRefundAmount, s.p.pendingVoidAmount]).toEqual([0n, 0n, 0n]);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('concurrent refunds never exceed what was captured', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 1 }], [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }]);
    const pid = o.payment.items[0].id as string;
    expect((await send(o.id, pid, { kind: 'capture', amount: 4990 })).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 6 }, () => send(o.id, pid, { kind: 'refund', amount: 1000 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(results.filter((r) => r.status === 409)).toHaveLength(2);
    const s = await stored(pid);
    expect(s.p.refundedAmount).toBe(4000n);
    expect(s.refunded).toBe(4000n);
  });
});

describe('the database enforces the invariants itself', () => {
  it('rejects captured > authorized and refunded > captured (CHECK), and ledger edits (append-only)', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }]);
    const pid = o.payment.items[0].id as string;
    await expect(t.database.db.update(payments).set({ capturedAmount: 1991n }).where(eq(payments.id, pid))).rejects.toThrow();
    await expect(t.database.db.update(payments).set({ capturedAmount: 100n, refundedAmount: 101n }).where(eq(payments.id, pid))).rejects.toThrow();
    await expect(t.database.db.update(payments).set({ authorizedAmount: 1991n }).where(eq(payments.id, pid))).rejects.toThrow();
    await expect(t.database.db.execute(sql`update payment_transactions set amount = 1 where payment_id = ${pid}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from payment_transactions where payment_id = ${pid}`)).rejects.toThrow();
    const s = await stored(pid);
    expect(s.p.capturedAmount).toBe(0n);
  });
});
