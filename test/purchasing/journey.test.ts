import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/platform/db/query.js';
import type { Clock } from '../../src/platform/clock.js';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { ok, shippingWorld } from '../shipping/support.js';

/**
 * Acceptance 4 of issue 15: stock falls below the computed reorder point → draft purchase order → sent →
 * received by scan → available rises → backorders allocated → the order's promise moves earlier.
 * The clock is set by the test: five past weeks of demand (3 units a week at BER) give the forecast.
 */
let now = new Date('2026-02-02T09:00:00Z'); // a Monday, five weeks before the journey's week
const clock: Clock = { now: () => new Date(now) };
let t: TestApp;
let customers = 0;
const place = async (quantity: number, over: Record<string, unknown> = {}) => {
  customers += 1;
  const r = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'LAMP', quantity }], { customer: { email: `buyer${customers}@example.com`, name: `Buyer ${customers}` }, ...over }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; lines: Array<{ quantities: Record<string, number> }> };
};

beforeAll(async () => {
  t = await testApp({ clock, app: { timeZone: 'Europe/Berlin' } });
  await shippingWorld(t); // BER warehouse, carrier ordo-post (ground 3 days, express 1 day)
  await makeProduct(t, { sku: 'LAMP', name: 'Desk lamp', gtin: '5901234123457', weightGrams: 800 });
  await receiveStock(t, 'LAMP', 'BER', 30);
  for (let week = 0; week < 5; week++) {
    for (let i = 0; i < 3; i++) await place(1);
    now = new Date(now.getTime() + 7 * 86_400_000);
  }
  await t.drain();
}, 120_000);
afterAll(() => t?.close());

describe('purchasing journey (issue 15, acceptance 4)', () => {
  it('reorders below the forecast reorder point, receives by scan and moves the backordered order’s promise earlier', async () => {
    const supplier = await ok(t.api('POST', '/api/v1/suppliers', { code: 'LUX', name: 'Lux Lighting', currency: 'EUR', email: 'orders@lux.example' }), 201);
    await ok(t.api('PUT', `/api/v1/suppliers/${supplier.id}/products/LAMP`, { leadTimeDays: 14, moq: 10, packSize: 5, cost: 1800 }));

    // Available 15, reorder point ≈ 2 weeks × 3 units: nothing to order yet.
    expect((await level(t, 'LAMP', 'BER')).available).toBe(15);
    const quiet = await ok(t.api('POST', '/api/v1/purchasing/reorder-run', {}));
    const s0 = quiet.suggestions.find((s: { sku: string }) => s.sku === 'LAMP');
    expect(s0).toMatchObject({ locationCode: 'BER', available: 15, incoming: 0, backordered: 0, quantity: 0 });
    expect(s0.reorderPoint).toBeGreaterThanOrEqual(6);
    expect(s0.reorderPoint).toBeLessThan(15);
    expect(quiet.drafts).toEqual([]);

    // This week: the shelf empties and a customer orders 4 more (backordered).
    await place(15);
    const waiting = await place(4, { inventoryPolicy: 'backorder' });
    expect(waiting.lines[0]!.quantities).toMatchObject({ allocated: 0, backordered: 4 });
    await t.drain();
    expect((await level(t, 'LAMP', 'BER')).available).toBe(0);

    // The trigger: position 0 + 0 − 4 below the reorder point → one draft for the supplier and BER.
    const run = await ok(t.api('POST', '/api/v1/purchasing/reorder-run', {}));
    const s1 = run.suggestions.find((s: { sku: string }) => s.sku === 'LAMP');
    expect(s1).toMatchObject({ position: -4, backordered: 4 });
    expect(s1.quantity % 5).toBe(0);
    expect(s1.quantity).toBeGreaterThanOrEqual(Math.max(10, s1.reorderPoint + 4));
    expect(run.drafts).toHaveLength(1);
    const again = await ok(t.api('POST', '/api/v1/purchasing/reorder-run', {}));
    expect(again.drafts).toEqual(run.drafts); // idempotent: the same draft, not a second one
    const drafts = await ok(t.api('GET', `/api/v1/purchase-orders?supplierId=${supplier.id}`));
    expect(drafts.items).toHaveLength(1);
    const po = drafts.items[0];
    expect(po).toMatchObject({ status: 'draft', origin: 'reorder', locationCode: 'BER', expectedOn: '2026-03-23', lines: [{ sku: 'LAMP', quantityOrdered: s1.quantity, quantityReceived: 0 }] });
    expect(po.total).toEqual({ amount: 1800 * s1.quantity, currency: 'EUR' });

    // Sent: the quantity is incoming; the backordered order now has a promise from the expected delivery.
    const sent = await ok(t.api('POST', `/api/v1/purchase-orders/${po.id}/send`, {}));
    expect(sent.status).toBe('sent');
    expect((await ok(t.api('POST', '/api/v1/purchasing/reorder-run', {}))).suggestions.find((s: { sku: string }) => s.sku === 'LAMP')).toMatchObject({ incoming: s1.quantity, quantity: 0 });
    await t.drain();
    const before = await ok(t.api('GET', `/api/v1/orders/${waiting.id}/promise`));
    expect(before.promisedDate > '2026-03-23').toBe(true);

    // An order backordered after the purchase order was sent is promised from its expected delivery as well (the
    // placement handler's batch, not the restock handler, computes this one). Cancelled again: not part of the journey.
    const late = await place(2, { inventoryPolicy: 'backorder' });
    expect(late.lines[0]!.quantities).toMatchObject({ allocated: 0, backordered: 2 });
    await t.drain();
    const latePromise = await ok(t.api('GET', `/api/v1/orders/${late.id}/promise`));
    expect(latePromise).toMatchObject({ source: 'placement', locationCode: 'BER' });
    expect(latePromise.promisedDate > '2026-03-23').toBe(true);
    await ok(t.api('POST', `/api/v1/orders/${late.id}/cancel`, { reason: 'not part of the journey' }));
    await t.drain();

    // Goods arrive three days later: scanned by GTIN, part first, then the rest.
    now = new Date('2026-03-12T10:00:00Z');
    const bad = await t.api('POST', `/api/v1/purchase-orders/${po.id}/receive`, { lines: [{ code: 'NOT-ON-IT', quantity: 1 }, { code: '5901234123457', quantity: s1.quantity + 1 }] }, { as: 'warehouse' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines.0.code', 'lines.1.quantity']);
    const part = await ok(t.api('POST', `/api/v1/purchase-orders/${po.id}/receive`, { lines: [{ code: '5901234123457', quantity: 5 }] }, { as: 'warehouse' }));
    expect(part.status).toBe('partially_received');
    const rest = await ok(t.api('POST', `/api/v1/purchase-orders/${po.id}/receive`, { lines: [{ code: 'LAMP', quantity: s1.quantity - 5 }] }, { as: 'warehouse' }));
    expect(rest).toMatchObject({ status: 'received', lines: [{ sku: 'LAMP', quantityReceived: s1.quantity, outstanding: 0 }] });
    expect((await t.api('POST', `/api/v1/purchase-orders/${po.id}/receive`, { lines: [{ code: 'LAMP', quantity: 1 }] }, { as: 'warehouse' })).status).toBe(409);

    // The ledger has the receipts, available rose; the dispatcher allocates the backorder and refreshes the promise.
    const receipts = await queryRows<{ delta: number; reference_id: string }>(t.database.db, sql`select delta, reference_id from inventory_movements where sku = 'LAMP' and reason = 'receipt' and reference_type = 'purchase_order' order by id`);
    expect(receipts).toEqual([{ delta: 5, reference_id: po.id }, { delta: s1.quantity - 5, reference_id: po.id }]);
    expect((await level(t, 'LAMP', 'BER')).available).toBe(s1.quantity);
    await t.drain();
    expect((await level(t, 'LAMP', 'BER')).available).toBe(s1.quantity - 4);
    const order = await ok(t.api('GET', `/api/v1/orders/${waiting.id}`));
    expect(order.lines[0].quantities).toMatchObject({ allocated: 4, backordered: 0 });
    const after = await ok(t.api('GET', `/api/v1/orders/${waiting.id}/promise`));
    expect(after.source).toBe('allocation');
    expect(after.promisedDate < before.promisedDate).toBe(true);

    const events = await queryRows<{ type: string }>(t.database.db, sql`select type from outbox where aggregate_id = ${po.id} order by id`);
    expect(events.map((e) => e.type)).toEqual(['purchase_order.created', 'purchase_order.sent', 'purchase_order.received', 'purchase_order.received']);
  }, 120_000);
});
