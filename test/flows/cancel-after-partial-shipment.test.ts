import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level } from '../support/factories.js';
import { GTIN, boxCatalog, fulfillmentsOf, ok, order, placeOrder, warehouse } from '../fulfillment/support.js';
import { orderCancellable } from '../../web/src/pages/orders/cancel-rule.js';

/**
 * A partially shipped order whose backordered rest the customer no longer wants: the rest is
 * cancelled, the order moves on to shipped, and the payment is settled for what shipped.
 */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await warehouse(t, 'BER', 20);
  await boxCatalog(t);
});
afterAll(() => t.close());

async function shipWhatIsThere(orderId: string, quantity: number) {
  await t.drain();
  const [f] = await fulfillmentsOf(t, orderId);
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: GTIN.PEN, quantity }, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' }));
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/hand-off`, undefined, { as: 'warehouse' }));
  await t.drain();
}

describe('cancelling the rest of a partially shipped order', () => {
  it('cancels the backordered units, moves the order to shipped, voids the rest of the authorization', async () => {
    const placed = await placeOrder(t, [{ sku: 'PEN-1', quantity: 25 }], { inventoryPolicy: 'backorder', customer: { email: 'rest@example.com', name: 'Rest' }, payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }] });
    await shipWhatIsThere(placed.id, 20);
    const o = await order(t, placed.id);
    expect(o.status).toBe('partially_shipped');
    expect(o.lines[0].quantities).toMatchObject({ shipped: 20, backordered: 5 });
    expect(orderCancellable(o)).toBe(true);

    // Shipped units are not cancellable: asking for 6 names the limit.
    const tooMany = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer no longer waits', lines: [{ lineId: o.lines[0].id, quantity: 6 }] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.errors).toEqual([{ path: 'lines.0.quantity', message: 'at most 5 can be cancelled' }]);

    const res = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer no longer waits' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('shipped');
    expect(res.body.lines[0].quantities).toMatchObject({ ordered: 25, shipped: 20, cancelled: 5, backordered: 0 });
    await t.drain();
    const history = (await ok(t.api('GET', `/api/v1/orders/${o.id}/events`))) as { items?: Array<{ type: string }> } | Array<{ type: string }>;
    expect(JSON.stringify(history)).toContain('order.lines_cancelled');

    const payments = await ok(t.api('GET', `/api/v1/orders/${o.id}/payments`));
    const p = payments.items?.[0] ?? payments.payments?.[0];
    const unit = o.lines[0].unitPrice.amount;
    expect(p.captured.amount).toBeGreaterThanOrEqual(20 * unit);
    expect(p.capturable.amount).toBe(0);
    expect(p.authorized.amount - p.captured.amount - p.voided.amount).toBe(0);
    expect((await level(t, 'PEN-1', 'BER')).reserved).toBe(0);

    // Nothing is left to cancel now.
    const again = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'twice' });
    expect(again.status).toBe(409);
  });

  it('keeps the order partially shipped while a hold is active, and moves it to shipped when the hold is released', async () => {
    await ok(t.api('POST', '/api/v1/inventory/adjustments', { sku: 'PEN-1', locationCode: 'BER', delta: 1, reason: 'receipt' }), 201);
    const placed = await placeOrder(t, [{ sku: 'PEN-1', quantity: 3 }], { inventoryPolicy: 'backorder', customer: { email: 'held-rest@example.com', name: 'Held' } });
    await shipWhatIsThere(placed.id, 1);
    const o = await order(t, placed.id);
    expect(o.status).toBe('partially_shipped');
    await ok(t.api('POST', `/api/v1/orders/${o.id}/holds`, { type: 'manual', reason: 'address check' }), 201);
    const res = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer no longer waits' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('partially_shipped');
    const hold = (await order(t, o.id)).holds.find((h: { releasedAt: string | null }) => h.releasedAt === null);
    await ok(t.api('POST', `/api/v1/orders/${o.id}/holds/${hold.id}/release`, { reason: 'address confirmed' }));
    await t.drain();
    expect((await order(t, o.id)).status).toBe('shipped');
  });
});
