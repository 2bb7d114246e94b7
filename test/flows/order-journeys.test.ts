/**
 * Whole journeys across modules, through the HTTP API and the outbox handlers (t.drain() runs what
 * the server's dispatcher runs): risk → sourcing → fulfillment, fulfillment exceptions → re-sourcing,
 * and shipment → payment capture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, orderBody, receiveStock } from '../support/factories.js';
import { GTIN, boxCatalog, fo, fulfillmentsOf, ok, order, warehouse } from '../fulfillment/support.js';

let t: TestApp;
let n = 0;
const customer = () => ({ email: `journey${++n}@example.com`, name: `Journey ${n}` });

beforeAll(async () => {
  t = await testApp();
  await warehouse(t, 'BER'); // MUG-1, PEN-1, BOOK-1: 20 each, in bins
  await makeLocation(t, { code: 'HAM', name: 'Hamburg', latitude: 53.55, longitude: 9.99 });
  await receiveStock(t, 'MUG-1', 'HAM', 10);
  await boxCatalog(t);
});
afterAll(() => t.close());

const place = async (lines: Array<{ sku: string; quantity: number }>, over: Record<string, unknown> = {}) =>
  ok(t.api('POST', '/api/v1/orders', { ...orderBody(lines.map((l) => ({ ...l, amount: 1500 }))), customer: customer(), ...over }), 201);

describe('a risky order', () => {
  it('is held with nothing allocated or released to the warehouse until a reviewer releases it', async () => {
    await ok(t.api('POST', '/api/v1/risk/blocklist', { kind: 'email', value: 'fraudster@example.com', reason: 'chargebacks' }), 201);
    const before = await level(t, 'MUG-1', 'BER');
    const o = await ok(t.api('POST', '/api/v1/orders', { ...orderBody([{ sku: 'MUG-1', quantity: 2, amount: 1500 }]), customer: { email: 'fraudster@example.com', name: 'F' } }), 201);
    expect(o.holds.filter((h: any) => h.type === 'fraud' && !h.releasedAt)).toHaveLength(1);
    expect(o.lines[0].quantities).toMatchObject({ pending: 2, allocated: 0 });
    await t.drain();
    expect(await fulfillmentsOf(t, o.id)).toEqual([]);
    expect(await level(t, 'MUG-1', 'BER')).toEqual(before);
    const refused = await t.api('POST', `/api/v1/orders/${o.id}/status`, { status: 'processing' });
    expect(refused.status).toBe(409);

    const queue = await ok(t.api('GET', '/api/v1/risk/reviews', undefined, { as: 'support' }));
    expect(queue.items.map((i: any) => i.orderId ?? i.order?.id)).toContain(o.id);
    await ok(t.api('POST', `/api/v1/risk/reviews/${o.id}/release`, { note: 'called the customer' }, { as: 'support' }));
    await t.drain();
    const after = await order(t, o.id);
    expect(after.lines[0].quantities).toMatchObject({ pending: 0, allocated: 2 });
    const [f] = await fulfillmentsOf(t, o.id);
    expect(f).toMatchObject({ status: 'open' });
    expect((await fo(t, f!.id)).lines.map((l: any) => [l.sku, l.quantity])).toEqual([['MUG-1', 2]]);
  });
});

describe('fulfillment exceptions feed back into sourcing', () => {
  it('a short pick re-sources only the missing quantity, at another location', async () => {
    const o = await place([{ sku: 'MUG-1', quantity: 3 }]);
    expect(o.lines[0].allocations).toEqual([{ locationCode: 'BER', quantity: 3 }]);
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: GTIN.MUG }, { as: 'warehouse' }));
    const line = (await fo(t, f!.id)).lines[0];
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/short`, { lineId: line.id, quantity: 2, reason: 'damaged' }, { as: 'warehouse' }));
    await t.drain();
    const after = await order(t, o.id);
    expect(after.lines[0].quantities).toMatchObject({ allocated: 3, backordered: 0 });
    const byLoc = Object.fromEntries(after.lines[0].allocations.map((a: any) => [a.locationCode, a.quantity]));
    expect(byLoc).toEqual({ BER: 1, HAM: 2 });
    const fos = await fulfillmentsOf(t, o.id);
    const ham = fos.find((x) => x.locationCode === 'HAM')!;
    expect((await fo(t, ham.id)).lines.map((l: any) => [l.sku, l.quantity])).toEqual([['MUG-1', 2]]);
    const plans = await ok(t.api('GET', `/api/v1/orders/${o.id}/sourcing`));
    expect(plans.items[0].trigger).toBe('short_pick');
  });

  it('a location that rejects its fulfillment order is not chosen again for those lines', async () => {
    const o = await place([{ sku: 'MUG-1', quantity: 1 }]);
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    expect(f!.locationCode).toBe('BER');
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/reject`, { reason: 'store closed for inventory' }, { as: 'warehouse' }));
    await t.drain();
    const after = await order(t, o.id);
    expect(after.lines[0].allocations).toEqual([{ locationCode: 'HAM', quantity: 1 }]);
    const fos = await fulfillmentsOf(t, o.id);
    expect(fos.map((x) => [x.locationCode, x.status]).sort()).toEqual([['BER', 'rejected'], ['HAM', 'open']]);
  });
});

describe('a paid order', () => {
  it('is captured when it is handed to shipping, for what shipped', async () => {
    const o = await place([{ sku: 'PEN-1', quantity: 2 }], { payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }] });
    expect(o.status).toBe('confirmed');
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/scan`, { code: GTIN.PEN, quantity: 2 }, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/pack`, {}, { as: 'warehouse' }));
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/hand-off`, undefined, { as: 'warehouse' }));
    await t.drain();
    expect((await order(t, o.id)).status).toBe('shipped');
    const payments = await ok(t.api('GET', `/api/v1/orders/${o.id}/payments`));
    const p = payments.items?.[0] ?? payments.payments?.[0];
    expect(p.captured).toEqual({ amount: o.totals.total.amount, currency: 'EUR' });
  });
});
