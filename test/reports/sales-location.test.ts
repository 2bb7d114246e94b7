import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedClock } from '../support/clock.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { fulfillmentsOf, placeOrder } from '../fulfillment/support.js';
import { ok } from '../shipping/support.js';
import { rebuildSalesRollups } from '../../src/modules/analytics/index.js';

/**
 * The sales report's location is the order's fulfilling location, which may be known only after placement: a
 * backordered order is unassigned until stock arrives and it is released to a location (fulfillment.created), then
 * it counts there — incrementally and after a rebuild.
 */
let t: TestApp;
const tz = 'Europe/Berlin';
const sales = (query: string) => ok(t.api('GET', `/api/v1/reports/sales?from=2026-03-01&to=2026-03-31&currency=EUR&${query}`));

beforeAll(async () => {
  t = await testApp({ clock: pinnedClock(new Date('2026-03-10T10:00:00Z')), app: { timeZone: tz } });
  await makeLocation(t, { code: 'BER' });
  await makeProduct(t, { sku: 'TEE', name: 'Tee' });
}, 60_000);
afterAll(() => t?.close());

describe('GET /reports/sales?location=', () => {
  it('files a backordered order under its location once it is released there', async () => {
    const o = await placeOrder(t, [{ sku: 'TEE', quantity: 2 }], { inventoryPolicy: 'backorder' } as Record<string, unknown>);
    await t.drain();
    expect(await fulfillmentsOf(t, o.id)).toEqual([]);
    expect((await sales('groupBy=location')).rows).toEqual([expect.objectContaining({ key: 'unassigned', orders: 1, units: 2 })]);
    expect((await sales('groupBy=month&location=BER')).totals.orders).toBe(0);

    await receiveStock(t, 'TEE', 'BER', 5); // the backorder is allocated and released to BER
    await t.drain();
    expect((await fulfillmentsOf(t, o.id)).map((f) => f.locationCode)).toEqual(['BER']);
    const byLocation = await sales('groupBy=location');
    expect(byLocation.rows).toEqual([expect.objectContaining({ key: 'BER', orders: 1, units: 2, grossSales: { amount: '99.80', currency: 'EUR' } })]);
    expect((await sales('groupBy=month&location=BER')).totals).toMatchObject({ orders: 1, units: 2 });
    expect((await sales('groupBy=month&location=unassigned')).totals.orders).toBe(0);
    await rebuildSalesRollups(t.database.db, { timeZone: tz });
    expect(await sales('groupBy=location')).toEqual(byLocation);
  });

  it('moves an order off a location that rejects it and onto the one it is released to next, as a rebuild files it', async () => {
    await makeLocation(t, { code: 'HAM' });
    await makeProduct(t, { sku: 'CAP', name: 'Cap' });
    await receiveStock(t, 'CAP', 'BER', 1);
    const o = await placeOrder(t, [{ sku: 'CAP', quantity: 1 }], { inventoryPolicy: 'backorder' } as Record<string, unknown>);
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    expect(f!.locationCode).toBe('BER');
    const atBer = (await sales('groupBy=month&location=BER')).totals.orders;
    const atHam = (await sales('groupBy=month&location=HAM')).totals.orders;

    // BER rejects it: its stock is released; the order moves off BER (re-sourced, or unassigned while nothing is free).
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/reject`, { reason: 'store closed' }, { as: 'warehouse' }));
    expect((await t.api('POST', '/api/v1/inventory/adjustments', { sku: 'CAP', locationCode: 'BER', delta: -1, reason: 'write-off' })).status).toBe(201);
    await receiveStock(t, 'CAP', 'HAM', 1);
    await t.drain();
    const now = (await fulfillmentsOf(t, o.id)).filter((x) => x.status !== 'rejected').map((x) => x.locationCode);
    expect(now).toEqual(['HAM']);
    expect((await sales('groupBy=month&location=BER')).totals.orders).toBe(atBer - 1);
    expect((await sales('groupBy=month&location=HAM')).totals.orders).toBe(atHam + 1);
    const incremental = await sales('groupBy=location');
    await rebuildSalesRollups(t.database.db, { timeZone: tz });
    expect(await sales('groupBy=location')).toEqual(incremental);
  });
});
