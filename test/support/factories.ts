import { expect } from 'vitest';
import type { TestApp } from './app.js';

/** Small factories over the public API: defaults plus overrides, each asserting it succeeded. */
export async function makeLocation(t: TestApp, over: Record<string, unknown> = {}) {
  const body = {
    code: 'BER',
    name: 'Berlin warehouse',
    type: 'warehouse',
    address: { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    latitude: 52.52,
    longitude: 13.405,
    ...over,
  };
  const res = await t.api('POST', '/api/v1/locations', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { code: string };
}

export async function makeProduct(t: TestApp, over: Record<string, unknown> = {}) {
  const body = { sku: 'SKU-1', name: 'Linen shirt', price: { amount: 4990, currency: 'EUR' }, weightGrams: 300, ...over };
  const res = await t.api('POST', '/api/v1/products', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { sku: string };
}

export async function receiveStock(t: TestApp, sku: string, locationCode: string, delta: number) {
  const res = await t.api('POST', '/api/v1/inventory/adjustments', { sku, locationCode, delta, reason: 'receipt' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

export async function level(t: TestApp, sku: string, locationCode: string) {
  const res = await t.api('GET', `/api/v1/inventory?sku=${encodeURIComponent(sku)}&locationCode=${encodeURIComponent(locationCode)}`);
  expect(res.status).toBe(200);
  const item = (res.body.items as Array<{ onHand: number; reserved: number; available: number; safetyStock: number }>)[0];
  return item ?? { onHand: 0, reserved: 0, available: 0, safetyStock: 0 };
}

export function orderBody(lines: Array<{ sku: string; quantity: number; amount?: number }>, over: Record<string, unknown> = {}) {
  return {
    channel: 'web',
    customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
    shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE', latitude: 52.517, longitude: 13.389 },
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: { amount: l.amount ?? 4990, currency: 'EUR' } })),
    ...over,
  };
}
