import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';

/** Valid GTINs (check digits verified) used across the fulfillment tests. */
export const GTIN = { MUG: '4006381333931', PEN: '036000291452', BOOK: '9780306406157' } as const;

/** A warehouse with three products in bins, and the default box catalog. */
export async function warehouse(t: TestApp, code = 'BER', stock = 20) {
  await makeLocation(t, { code });
  const products = [
    { sku: 'MUG-1', name: 'Enamel mug', gtin: GTIN.MUG, weightGrams: 300, dimensionsMm: { length: 120, width: 90, height: 100 }, bin: 'B-02-10',
      customizationFields: [{ key: 'engraving', label: 'Engraving', type: 'text', required: false, maxLength: 40 }] },
    { sku: 'PEN-1', name: 'Fountain pen', gtin: GTIN.PEN, weightGrams: 40, dimensionsMm: { length: 150, width: 20, height: 20 }, bin: 'A-01-3' },
    { sku: 'BOOK-1', name: 'Field notes', gtin: GTIN.BOOK, weightGrams: 500, dimensionsMm: { length: 240, width: 170, height: 30 }, bin: 'B-02-9' },
  ];
  for (const p of products) {
    const { bin, ...body } = p;
    await makeProduct(t, body);
    await receiveStock(t, p.sku, code, stock);
    const lv = await t.api('PATCH', `/api/v1/inventory/levels/${p.sku}/${code}`, { bin });
    expect(lv.status, JSON.stringify(lv.body)).toBe(200);
  }
  return products;
}

export async function boxCatalog(t: TestApp) {
  for (const b of [
    { code: 'S', name: 'Small', dimensionsMm: { length: 200, width: 150, height: 100 }, maxWeightGrams: 2000, tareWeightGrams: 80 },
    { code: 'M', name: 'Medium', dimensionsMm: { length: 300, width: 250, height: 150 }, maxWeightGrams: 5000, tareWeightGrams: 150 },
    { code: 'L', name: 'Large', dimensionsMm: { length: 500, width: 400, height: 300 }, maxWeightGrams: 20000, tareWeightGrams: 400 },
  ]) {
    const r = await t.api('POST', '/api/v1/boxes', b);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
}

export async function placeOrder(t: TestApp, lines: Array<{ sku: string; quantity: number; customization?: Record<string, string> }>, over: Record<string, unknown> = {}) {
  const body = orderBody(lines, over) as ReturnType<typeof orderBody> & { lines: Array<Record<string, unknown>> };
  lines.forEach((l, i) => l.customization && (body.lines[i]!.customization = l.customization));
  const res = await t.api('POST', '/api/v1/orders', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string; status: string; lines: Array<{ id: string; sku: string; quantities: Record<string, number> }> };
}

export async function fulfillmentsOf(t: TestApp, orderId: string) {
  const res = await t.api('GET', `/api/v1/fulfillment-orders?orderId=${orderId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Array<{ id: string; number: string; locationCode: string; status: string; type: string }>;
}

export async function fo(t: TestApp, id: string) {
  const res = await t.api('GET', `/api/v1/fulfillment-orders/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export async function order(t: TestApp, id: string) {
  const res = await t.api('GET', `/api/v1/orders/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

export async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}
