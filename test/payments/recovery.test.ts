/**
 * Failure paths: gateway refusals of captures and refunds, a crash between reserving an operation
 * and calling the gateway, replayed shipment events, and concurrent twins of one Idempotency-Key.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { payments } from '../../src/platform/db/schema/index.js';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { expireUnpaidOrders } from '../../src/flows/expire-unpaid-orders.js';
import { reserveOperation } from '../../src/modules/payments/payment-operations.js';
import { paymentsOf, placePaid, seedShop, ship } from './support.js';
import { newEvent } from '../../src/platform/events/define.js';
import { orderShipped } from '../../src/modules/orders/index.js';

let now = new Date('2026-04-01T08:00:00Z').getTime();
const clock = { now: () => new Date(now) };
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ clock });
  await seedShop(t);
});
afterAll(() => t.close());

const pay = (token: string) => [{ provider: 'sandbox' as const, paymentMethod: token }];

describe('gateway refusals', () => {
  it('a declined capture answers 422, is recorded as a failed transaction and leaves the amount capturable', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], pay('pm_sandbox_capture_declined'));
    const pid = o.payment.items[0].id;
    const res = await t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/capture`, {});
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('business_rule');
    expect(res.body.payment).toMatchObject({ captured: { amount: 0 }, capturable: { amount: 1990 }, pending: { capture: { amount: 0 } } });
    expect(res.body.payment.transactions.at(-1)).toMatchObject({ kind: 'capture', status: 'failed', amount: { amount: 1990 } });
    const events = (await t.api('GET', `/api/v1/orders/${o.id}/events`)).body.items.map((e: any) => e.type);
    expect(events).toContain('payment.capture_failed');
  });

  it('a declined refund leaves the money captured and refundable', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], pay('pm_sandbox_refund_declined'));
    const pid = o.payment.items[0].id;
    expect((await t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/capture`, {})).status).toBe(200);
    const res = await t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/refund`, { amount: { amount: 500, currency: 'EUR' }, reason: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.payment).toMatchObject({ refunded: { amount: 0 }, refundable: { amount: 1990 } });
  });
});

describe('crash safety', () => {
  it('an operation reserved before a crash is run by the payments sweep with its original key', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 1 }], pay('pm_sandbox_success'));
    const pid = o.payment.items[0].id;
    // Reserve a capture as the handler would, then "crash" before the gateway call.
    await t.database.db.transaction(async (tx) => {
      const [p] = await tx.select().from(payments).where(eq(payments.id, pid)).for('update');
      await reserveOperation(tx, { newId: t.deps.newId, at: clock.now() }, p!, { kind: 'capture', amount: 4990n, final: true, source: 'shipment' });
    });
    let p = (await paymentsOf(t, o.id)).items[0];
    expect(p).toMatchObject({ captured: { amount: 0 }, pending: { capture: { amount: 4990 } }, capturable: { amount: 0 } });
    // While it is pending, nobody can capture the same money again.
    const twice = await t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/capture`, { amount: { amount: 1, currency: 'EUR' } });
    expect(twice.status).toBe(409);
    now += 2 * 60_000;
    const swept = await expireUnpaidOrders(t.deps);
    expect(swept.retried).toBeGreaterThanOrEqual(1);
    p = (await paymentsOf(t, o.id)).items[0];
    expect(p).toMatchObject({ captured: { amount: 4990 }, pending: { capture: { amount: 0 } }, status: 'captured' });
  });

  it('a replayed or duplicated order.shipped event captures nothing more', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 2 }], pay('pm_sandbox_success'));
    await ship(t, o.id, [{ lineId: o.lines[0].id, quantity: 1 }]);
    await t.database.db.transaction((tx) =>
      enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at: clock.now() }, [
        newEvent(orderShipped, o.id, { orderId: o.id, fulfillmentOrderId: t.deps.newId(), locationCode: 'BER', lines: [{ orderLineId: o.lines[0].id, sku: 'SKU-A', quantity: 1 }] }),
      ]),
    );
    await t.drain();
    const p = (await paymentsOf(t, o.id)).items[0];
    expect(p.captured.amount).toBe(4990);
    expect(p.transactions.filter((x: any) => x.kind === 'capture')).toHaveLength(1);
  });

  it('concurrent twins with one Idempotency-Key capture once', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 1 }], pay('pm_sandbox_success'));
    const pid = o.payment.items[0].id;
    const headers = { 'idempotency-key': `cap-${o.id}` };
    const body = { amount: { amount: 1000, currency: 'EUR' } };
    const results = await Promise.all([1, 2, 3].map(() => t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/capture`, body, { headers })));
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(results.some((r) => r.status === 200)).toBe(true);
    const p = (await paymentsOf(t, o.id)).items[0];
    expect(p.captured.amount).toBe(1000);
    expect(p.transactions.filter((x: any) => x.kind === 'capture')).toHaveLength(1);
    const other = await t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/capture`, { amount: { amount: 2000, currency: 'EUR' } }, { headers });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_conflict');
  });
});
