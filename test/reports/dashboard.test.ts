import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { manualClock } from '../users/support.js';

/**
 * A seeded week around Thursday 2026-03-12 10:00 UTC (11:00 in Berlin, CET). The Berlin week starts
 * Monday 2026-03-09 00:00 local = 2026-03-08T23:00Z; Berlin's "today" starts 2026-03-11T23:00Z.
 */
const clock = manualClock('2026-02-20T09:00:00Z');
let t: TestApp;

async function place(at: string, channel: string, amount: number, over: Record<string, unknown> = {}, quantity = 1) {
  clock.set(at);
  const res = await t.api('POST', '/api/v1/orders', orderBody([{ sku: 'TEE', quantity, amount }], { channel, ...over }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  t = await testApp({ clock });
  await makeLocation(t, { code: 'BER' });
  await makeProduct(t, { sku: 'TEE', name: 'Tee', price: { amount: 1000, currency: 'EUR' } });
  for (const [sku, name] of [['MUG', 'Mug'], ['PIN', 'Pin'], ['CAP', 'Cap'], ['BAG', 'Bag']]) await makeProduct(t, { sku, name });
  await receiveStock(t, 'TEE', 'BER', 100);
  await receiveStock(t, 'MUG', 'BER', 3);
  await receiveStock(t, 'PIN', 'BER', 5);
  await receiveStock(t, 'CAP', 'BER', 10);
  const lvl = (sku: string, body: object) => t.api('PATCH', `/api/v1/inventory/levels/${sku}/BER`, body);
  expect((await lvl('MUG', { reorderPoint: 5 })).status).toBe(200); // available 3 ≤ 5
  expect((await lvl('PIN', { reorderPoint: 5, safetyStock: 1 })).status).toBe(200); // available 4 ≤ 5
  expect((await lvl('CAP', { reorderPoint: 5 })).status).toBe(200); // available 10 > 5
  expect((await lvl('BAG', { safetyStock: 0 })).status).toBe(200); // reorder point 0: never low

  await place('2026-02-20T09:00:00Z', 'web', 100); // #7: old, still placed
  await place('2026-03-08T22:30:00Z', 'web', 700); // #5: Sunday 23:30 in Berlin: last week
  const monday = await place('2026-03-09T06:00:00Z', 'app', 10000); // #4: this week, on hold
  await place('2026-03-10T12:00:00Z', 'web', 999, { lines: [{ sku: 'TEE', quantity: 1, unitPrice: { amount: 999, currency: 'USD' } }] }); // #6: USD
  const lateNight = await place('2026-03-11T23:30:00Z', 'web', 1000, {}, 2); // #2: today in Berlin, cancelled
  await place('2026-03-12T08:00:00Z', 'web', 4990); // #1
  const pos = await place('2026-03-12T09:00:00Z', 'pos', 2500); // #3, moved to processing
  clock.set('2026-03-12T09:30:00Z');
  expect((await t.api('POST', `/api/v1/orders/${lateNight}/cancel`, { reason: 'customer changed mind' })).status).toBe(200);
  const confirmed = await t.api('POST', `/api/v1/orders/${pos}/status`, { status: 'processing' });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  expect((await t.api('POST', `/api/v1/orders/${monday}/holds`, { type: 'manual', reason: 'check address' })).status).toBe(201);
  clock.set('2026-03-12T10:00:00Z');
});
afterAll(() => t.close());

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

describe('GET /reports/dashboard', () => {
  it('adds up orders and revenue in Berlin time', async () => {
    const res = await t.api('GET', '/api/v1/reports/dashboard?tz=Europe/Berlin', undefined, { as: 'manager' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body;
    expect(d.generatedAt).toBe('2026-03-12T10:00:00.000Z');
    expect(d.currency).toBe('EUR');
    // Today: #1, #2 (cancelled: counted, no revenue), #3.
    expect(d.today).toEqual({ orders: 3, revenue: eur(7490) });
    // Week: + #4 (Monday) and #6 (USD: counted, not in EUR revenue); #5 was Sunday night.
    expect(d.week).toEqual({ orders: 5, revenue: eur(17490) });
    expect(d.byChannel).toEqual([
      { channel: 'web', ordersToday: 2, ordersWeek: 3, revenueToday: eur(4990), revenueWeek: eur(4990) },
      { channel: 'app', ordersToday: 0, ordersWeek: 1, revenueToday: eur(0), revenueWeek: eur(10000) },
      { channel: 'pos', ordersToday: 1, ordersWeek: 1, revenueToday: eur(2500), revenueWeek: eur(2500) },
    ]);
    const perDay = Object.fromEntries(d.ordersPerDay.map((p: { date: string }) => [p.date, p]));
    expect(d.ordersPerDay.map((p: { date: string }) => p.date)).toEqual(days('2026-02-27', 14));
    expect(perDay['2026-03-12']).toEqual({ date: '2026-03-12', orders: 3, revenue: eur(7490) });
    expect(perDay['2026-03-10']).toEqual({ date: '2026-03-10', orders: 1, revenue: eur(0) });
    expect(perDay['2026-03-09']).toEqual({ date: '2026-03-09', orders: 1, revenue: eur(10000) });
    expect(perDay['2026-03-08']).toEqual({ date: '2026-03-08', orders: 1, revenue: eur(700) });
    expect(d.ordersPerDay.reduce((n: number, p: { orders: number }) => n + p.orders, 0)).toBe(6);
    expect(d.backlog).toEqual([
      // Fully allocated orders are confirmed on placement; the cancelled one is not backlog.
      { status: 'placed', count: 0, ageBuckets: { under1d: 0, from1to3d: 0, over3d: 0 } },
      { status: 'confirmed', count: 5, ageBuckets: { under1d: 1, from1to3d: 1, over3d: 3 } },
      { status: 'processing', count: 1, ageBuckets: { under1d: 1, from1to3d: 0, over3d: 0 } },
      { status: 'partially_shipped', count: 0, ageBuckets: { under1d: 0, from1to3d: 0, over3d: 0 } },
    ]);
    expect(d.onHold).toBe(1);
    expect(d.lowStock).toEqual([
      { sku: 'MUG', name: 'Mug', locationCode: 'BER', available: 3, reorderPoint: 5 },
      { sku: 'PIN', name: 'Pin', locationCode: 'BER', available: 4, reorderPoint: 5 },
    ]);
  });

  it('defaults to UTC: the late-night order falls on yesterday, the Sunday-night one stays last week', async () => {
    const d = (await t.api('GET', '/api/v1/reports/dashboard', undefined, { as: 'read-only' })).body;
    expect(d.today).toEqual({ orders: 2, revenue: eur(7490) });
    expect(d.week).toEqual({ orders: 5, revenue: eur(17490) });
    expect(d.ordersPerDay.at(-2)).toEqual({ date: '2026-03-11', orders: 1, revenue: eur(0) });
  });

  it('shows the warehouse role counts and stock but no money', async () => {
    const d = (await t.api('GET', '/api/v1/reports/dashboard?tz=Europe/Berlin', undefined, { as: 'warehouse' })).body;
    expect(d.today).toEqual({ orders: 3, revenue: null });
    expect(d.week).toEqual({ orders: 5, revenue: null });
    expect(d.byChannel[0]).toEqual({ channel: 'web', ordersToday: 2, ordersWeek: 3, revenueToday: null, revenueWeek: null });
    expect(d.ordersPerDay.every((p: { revenue: unknown }) => p.revenue === null)).toBe(true);
    expect(d.backlog[1].count).toBe(5);
    expect(d.lowStock).toHaveLength(2);
  });

  it('refuses an unknown time zone, naming tz', async () => {
    const res = await t.api('GET', '/api/v1/reports/dashboard?tz=Mars/Olympus');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['querystring.tz']);
  });
});

describe('on an empty database', () => {
  it('answers zeros, 14 empty days and EUR', async () => {
    const empty = await testApp({ clock: manualClock('2026-03-12T10:00:00Z') });
    try {
      const d = (await empty.api('GET', '/api/v1/reports/dashboard?tz=America/New_York')).body;
      expect(d.currency).toBe('EUR');
      expect(d.today).toEqual({ orders: 0, revenue: eur(0) });
      expect(d.byChannel).toEqual([]);
      expect(d.ordersPerDay.map((p: { date: string }) => p.date)).toEqual(days('2026-02-27', 14));
      expect(d.backlog.map((b: { count: number }) => b.count)).toEqual([0, 0, 0, 0]);
      expect(d.onHold).toBe(0);
      expect(d.lowStock).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
