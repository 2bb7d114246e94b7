import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { ok, placeOrder, warehouse } from '../fulfillment/support.js';

let t: TestApp;
const ids: string[] = [];

beforeAll(async () => {
  t = await testApp();
  await warehouse(t, 'BER', 20);
  for (let i = 0; i < 3; i++) ids.push((await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }])).id);
  await ok(t.api('POST', `/api/v1/orders/${ids[2]}/cancel`, { reason: 'test' }));
});
afterAll(() => t.close());

describe('bulk order actions (the console’s orders list)', () => {
  it('holds many orders at once and reports the one that cannot be held', async () => {
    const res = await ok(t.api('POST', '/api/v1/orders/bulk/holds', { orderIds: ids, action: 'hold', type: 'manual', reason: 'stock check' }));
    expect(res).toMatchObject({ succeeded: 2, failed: 1 });
    expect(res.results.find((r: { orderId: string }) => r.orderId === ids[2])).toMatchObject({ ok: false, detail: expect.stringContaining('cancelled') });
    const held = (await ok(t.api('GET', '/api/v1/orders?onHold=true'))).items.map((o: { id: string }) => o.id);
    expect(held.sort()).toEqual([ids[0], ids[1]].sort());
  });

  it('releases them again', async () => {
    const res = await ok(t.api('POST', '/api/v1/orders/bulk/holds', { orderIds: [ids[0], ids[1]], action: 'release', type: 'manual', reason: 'checked' }));
    expect(res).toMatchObject({ succeeded: 2, failed: 0 });
    expect((await ok(t.api('GET', '/api/v1/orders?onHold=true'))).items).toEqual([]);
  });

  it('refuses a bad body naming the field, and roles that may not manage orders', async () => {
    const bad = await t.api('POST', '/api/v1/orders/bulk/holds', { orderIds: [], action: 'hold', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('orderIds');
    expect((await t.api('POST', '/api/v1/orders/bulk/holds', { orderIds: [ids[0]], action: 'hold', reason: 'x' }, { as: 'warehouse' })).status).toBe(403);
  });

  it('exports the filtered orders list as CSV', async () => {
    const csv = await t.api('GET', '/api/v1/exports/orders.csv?status=cancelled');
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).toBe('number,placed_at,status,channel,external_id,customer_name,email,total,currency,active_holds');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',cancelled,');
  });
});
