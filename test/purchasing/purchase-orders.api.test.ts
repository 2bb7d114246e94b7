import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct } from '../support/factories.js';

let t: TestApp;
let supplierId = '';
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'BER' });
  await makeProduct(t, { sku: 'CUP' });
  await makeProduct(t, { sku: 'PLATE' });
  const s = await t.api('POST', '/api/v1/suppliers', { code: 'POT', name: 'Pottery', currency: 'EUR' }, { headers: { 'idempotency-key': 'sup-1' } });
  expect(s.status).toBe(201);
  supplierId = s.body.id;
  expect((await t.api('PUT', `/api/v1/suppliers/${supplierId}/products/CUP`, { leadTimeDays: 5, moq: 12, packSize: 6, cost: 250 })).status).toBe(200);
});
afterAll(() => t?.close());

describe('suppliers and purchase orders over the API', () => {
  it('replays a create with the same Idempotency-Key and refuses a taken code', async () => {
    const again = await t.api('POST', '/api/v1/suppliers', { code: 'POT', name: 'Pottery', currency: 'EUR' }, { headers: { 'idempotency-key': 'sup-1' } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(supplierId);
    const taken = await t.api('POST', '/api/v1/suppliers', { code: 'POT', name: 'Other', currency: 'EUR' });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ path: 'code', message: 'is already taken' }]);
  });

  it('refuses bad purchase orders naming each field, writing nothing', async () => {
    const bad = await t.api('POST', '/api/v1/purchase-orders', { supplierId, locationCode: 'BER', lines: [{ sku: 'CUP', quantity: 0 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('lines.0.quantity');
    const noCost = await t.api('POST', '/api/v1/purchase-orders', { supplierId, locationCode: 'BER', lines: [{ sku: 'CUP', quantity: 6 }, { sku: 'PLATE', quantity: 2 }] });
    expect(noCost.status).toBe(400);
    expect(noCost.body.errors).toEqual([expect.objectContaining({ path: 'lines.1.unitCost' })]);
    const unknown = await t.api('POST', '/api/v1/purchase-orders', { supplierId, locationCode: 'BER', lines: [{ sku: 'NOPE', quantity: 1, unitCost: 5 }] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'lines.0.sku' })]);
    expect((await t.api('GET', '/api/v1/purchase-orders')).body.items).toEqual([]);
  });

  it('moves only along the state table; warehouse may receive but not create', async () => {
    const po = await t.api('POST', '/api/v1/purchase-orders', { supplierId, locationCode: 'BER', expectedOn: '2026-03-20', lines: [{ sku: 'CUP', quantity: 6 }, { sku: 'PLATE', quantity: 2, unitCost: 400 }] });
    expect(po.status).toBe(201);
    expect(po.body).toMatchObject({ number: expect.stringMatching(/^PO-\d{6}$/), status: 'draft', origin: 'manual', total: { amount: 6 * 250 + 2 * 400, currency: 'EUR' } });
    expect((await t.api('POST', `/api/v1/purchase-orders/${po.body.id}/receive`, { lines: [{ code: 'CUP', quantity: 1 }] }, { as: 'warehouse' })).status).toBe(409);
    expect((await t.api('POST', '/api/v1/purchase-orders', { supplierId, locationCode: 'BER', lines: [{ sku: 'CUP', quantity: 1 }] }, { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('POST', `/api/v1/purchase-orders/${po.body.id}/send`, {})).body.status).toBe('sent');
    expect((await t.api('POST', `/api/v1/purchase-orders/${po.body.id}/send`, {})).status).toBe(409);
    const part = await t.api('POST', `/api/v1/purchase-orders/${po.body.id}/receive`, { lines: [{ code: 'CUP', quantity: 6 }] }, { as: 'warehouse' });
    expect(part.body.status).toBe('partially_received');
    const cancel = await t.api('POST', `/api/v1/purchase-orders/${po.body.id}/cancel`, {});
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('illegal_transition');
    const draft = await t.api('POST', '/api/v1/purchase-orders', { supplierId, locationCode: 'BER', lines: [{ sku: 'CUP', quantity: 12 }] });
    expect((await t.api('POST', `/api/v1/purchase-orders/${draft.body.id}/cancel`, { reason: 'not needed' })).body.status).toBe('cancelled');
    const list = await t.api('GET', '/api/v1/purchase-orders?status=cancelled');
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([draft.body.id]);
  });
});
