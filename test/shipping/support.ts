import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { boxCatalog, fulfillmentsOf, ok, placeOrder, warehouse } from '../fulfillment/support.js';

export { ok, placeOrder } from '../fulfillment/support.js';

const calendar = { timeZone: 'Europe/Berlin', workdays: [1, 2, 3, 4, 5], holidays: [] };
/** Ordo Post prices: distance bands inside Germany, country zones abroad (EUR, minor units). */
export const rates = (factor: number) => ({
  currency: 'EUR',
  countryZones: { CH: 'INTL', JP: 'INTL', US: 'INTL' },
  distanceZones: [{ maxKm: 100, zone: 'LOCAL' }, { maxKm: 1000, zone: 'NATIONAL' }],
  weightBreaks: [
    { maxGrams: 1000, prices: { LOCAL: 450 * factor, NATIONAL: 590 * factor, INTL: 1590 * factor } },
    { maxGrams: 5000, prices: { LOCAL: 650 * factor, NATIONAL: 790 * factor, INTL: 2290 * factor } },
  ],
  dimDivisor: 5000,
});

/** A Berlin warehouse with stock and boxes, the built-in carrier Ordo Post (ground, express) and aggregator carriers. */
export async function shippingWorld(t: TestApp) {
  await warehouse(t);
  await boxCatalog(t);
  await ok(t.api('POST', '/api/v1/carriers', { code: 'ordo-post', name: 'Ordo Post', trackingPrefix: 'LX' }), 201);
  await ok(t.api('POST', '/api/v1/carriers/ordo-post/services', { code: 'ground', name: 'Ground', level: 'standard', rates: rates(1), transitDays: 3, calendar }), 201);
  await ok(t.api('POST', '/api/v1/carriers/ordo-post/services', { code: 'express', name: 'Express', level: 'express', rates: rates(2), transitDays: 1, calendar }), 201);
  await ok(t.api('POST', '/api/v1/carriers', { code: 'ep-ups', name: 'UPS via EasyPost', adapter: 'easypost' }), 201);
  await ok(t.api('POST', '/api/v1/carriers', { code: 'shippo-usps', name: 'USPS via Shippo', adapter: 'shippo' }), 201);
}

/** An order placed, picked (scanned by SKU) and packed through the API; returns the order and its fulfillment order. */
export async function packedOrder(t: TestApp, lines: Array<{ sku: string; quantity: number }>, over: Record<string, unknown> = {}) {
  const order = await placeOrder(t, lines, over);
  await t.drain();
  const [fo] = await fulfillmentsOf(t, order.id);
  expect(fo, 'a fulfillment order was released').toBeDefined();
  await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/start-picking`, undefined, { as: 'warehouse' }));
  for (const l of lines) await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/scan`, { code: l.sku, quantity: l.quantity }, { as: 'warehouse' }));
  const packed = await ok(t.api('POST', `/api/v1/fulfillment-orders/${fo!.id}/pack`, {}, { as: 'warehouse' }));
  expect(packed.status).toBe('packed');
  return { order, fo: fo! };
}

export async function fileOf(t: TestApp, url: string, role: 'warehouse' | 'admin' = 'warehouse') {
  const res = await t.http.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.keys[role]}` } });
  return { status: res.statusCode, type: String(res.headers['content-type']), bytes: res.rawPayload, text: res.body };
}

export async function outboxOf(t: TestApp, type: string) {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../../src/platform/db/query.js');
  return queryRows<{ payload: any }>(t.database.db, sql`select payload from outbox where type = ${type} order by id`).then((r) => r.map((x) => x.payload));
}
