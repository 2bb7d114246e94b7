import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level } from '../support/factories.js';
import { deliveredOrder, GTIN, ok, returnsWorld } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await returnsWorld(t);
  await ok(t.api('PUT', '/api/v1/returns/policy', {
    timeZone: 'Europe/Berlin',
    defaults: { windowDays: 30, restockingFeeBps: 1000, returnShippingPaidBy: 'customer', exchangeAllowed: true, condition: null },
    productTypes: [],
    rules: [],
    finalSaleSkus: [],
  }));
});
afterAll(() => t.close());

const outbox = async (type: string) => {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../../src/platform/db/query.js');
  return queryRows<{ payload: any }>(t.database.db, sql`select payload from outbox where type = ${type} order by id`).then((r) => r.map((x) => x.payload));
};
const movements = async (sku: string, ref: string) => {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../../src/platform/db/query.js');
  return queryRows<{ delta: number; reason: string; location_code: string }>(t.database.db, sql`select delta, reason, location_code from inventory_movements where sku = ${sku} and reference_id = ${ref} order by id`);
};
let buyer = 0;
const paid = () => ({ customer: { email: `returner-${++buyer}@example.com`, name: 'Ada Lovelace' }, payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }], shipping: { amount: 490, currency: 'EUR' } });

describe('receiving, disposition and refund', () => {
  it('journey: 1 of 2 units returned → approved → scanned by GTIN, graded, restocked → pro-rata refund minus fee; the order shows it', async () => {
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 2, amount: 1500 }], paid());
    const pays = await ok(t.api('GET', `/api/v1/orders/${o.id}/payments`));
    expect(pays.items[0]).toMatchObject({ captured: { amount: 3490 } });
    const ret = await ok(t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: o.lines[0]!.id, quantity: 1, reason: 'wrong_size' }] }), 201);
    expect(ret.totals).toMatchObject({ value: { amount: 1500 }, restockingFee: { amount: 150 }, refundDue: { amount: 1350 } });
    // not approved yet: cannot be received
    expect((await t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'STO', items: [{ code: GTIN.MUG, condition: 'new', disposition: 'restock' }] }, { as: 'warehouse' })).status).toBe(409);
    await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, {}));
    // the station's first scan: the return number
    expect((await ok(t.api('GET', `/api/v1/returns/by-number/${ret.number}`, undefined, { as: 'warehouse' }))).id).toBe(ret.id);
    const bad = await t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'STO', items: [{ code: '4006381333932', condition: 'new', disposition: 'restock' }] }, { as: 'warehouse' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'items.0.code', message: 'is not a valid GTIN (check digit)' }]);

    const before = await level(t, 'MUG-1', 'STO');
    const done = await ok(t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'STO', items: [{ code: GTIN.MUG, quantity: 1, condition: 'like_new', disposition: 'restock' }] }, { as: 'warehouse' }));
    expect(done).toMatchObject({ unexpected: [], refunded: { amount: 1350, currency: 'EUR' }, credited: { amount: 0 } });
    expect(done.return.status).toBe('completed');
    expect(done.return.history.map((h: any) => h.to)).toEqual(['requested', 'approved', 'received', 'inspected', 'completed']);
    expect(await level(t, 'MUG-1', 'STO')).toMatchObject({ onHand: before.onHand + 1 });
    expect(await movements('MUG-1', ret.id)).toEqual([{ delta: 1, reason: 'return', location_code: 'STO' }]);

    const order = await ok(t.api('GET', `/api/v1/orders/${o.id}`));
    expect(order.lines[0].quantities).toMatchObject({ delivered: 2, returned: 1 });
    expect(order.totals).toMatchObject({ total: { amount: 3490 }, returned: { amount: 1500 }, refunded: { amount: 1350 }, net: { amount: 1990 } });
    const after = await ok(t.api('GET', `/api/v1/orders/${o.id}/payments`));
    expect(after.items[0]).toMatchObject({ captured: { amount: 3490 }, refunded: { amount: 1350 } });
    expect((await outbox('return.received')).filter((p) => p.returnId === ret.id)).toEqual([expect.objectContaining({ locationCode: 'STO', items: [expect.objectContaining({ sku: 'MUG-1', quantity: 1, condition: 'like_new', disposition: 'restock', expected: true })] })]);
    expect((await outbox('return.completed')).filter((p) => p.returnId === ret.id)).toEqual([expect.objectContaining({ refunded: { amount: 1350, currency: 'EUR' }, restockingFee: { amount: 150, currency: 'EUR' } })]);
  });

  it('unexpected items are recorded, not accepted; scrap goes through the ledger; store credit is a ledger whose sum is the balance', async () => {
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 2, amount: 2000 }], { customer: { email: 'credit@example.com', name: 'Cred It' } });
    const ret = await ok(t.api('POST', '/api/v1/returns', { orderId: o.id, resolution: 'store_credit', lines: [{ orderLineId: o.lines[0]!.id, quantity: 2, reason: 'defective' }] }), 201);
    await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, {}));
    const before = await level(t, 'MUG-1', 'BER');
    const done = await ok(t.api('POST', `/api/v1/returns/${ret.id}/receive`, {
      locationCode: 'BER',
      items: [
        { code: 'MUG-1', quantity: 1, condition: 'defective', disposition: 'scrap' },
        { code: GTIN.PEN, quantity: 1, condition: 'used', disposition: 'restock' },
      ],
    }, { as: 'warehouse' }));
    expect(done.unexpected).toEqual([{ code: GTIN.PEN, sku: 'PEN-1', quantity: 1 }]);
    // one of two mugs arrived: half the value, defective = no restocking fee; the pen earns nothing
    expect(done.credited).toEqual({ amount: 2000, currency: 'EUR' });
    expect(done.refunded.amount).toBe(0);
    expect(await movements('MUG-1', ret.id)).toEqual([{ delta: 1, reason: 'return', location_code: 'BER' }, { delta: -1, reason: 'write-off', location_code: 'BER' }]);
    expect(await movements('PEN-1', ret.id)).toEqual([]);
    expect(await level(t, 'MUG-1', 'BER')).toMatchObject({ onHand: before.onHand });
    const order = await ok(t.api('GET', `/api/v1/orders/${o.id}`));
    expect(order.lines[0].quantities.returned).toBe(1);
    const credit = await ok(t.api('GET', `/api/v1/customers/${order.customer.id}/store-credit`));
    expect(credit.balances).toEqual([{ amount: 2000, currency: 'EUR' }]);
    expect(credit.entries.reduce((s: number, e: any) => s + e.amount.amount, 0)).toBe(2000);
    expect(credit.entries[0]).toMatchObject({ returnId: ret.id, reason: `return ${ret.number}` });
    // received once only
    expect((await t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'BER', items: [{ code: 'MUG-1', condition: 'new', disposition: 'restock' }] }, { as: 'warehouse' })).status).toBe(409);
  });
});

describe('return label through the shipping module (built-in carrier)', () => {
  it('an approved return gets a label whose barcode decodes to its tracking number; then it is received', async () => {
    const { barcodesInPdf } = await import('../support/barcodes.js');
    await ok(t.api('POST', '/api/v1/carriers', { code: 'ordo-post', name: 'Ordo Post', trackingPrefix: 'LX' }), 201);
    const o = await deliveredOrder(t, [{ sku: 'BOOK-1', quantity: 1 }]);
    const ret = await ok(t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: o.lines[0]!.id, quantity: 1, reason: 'damaged' }] }), 201);
    expect((await t.api('POST', `/api/v1/returns/${ret.id}/label`, { carrier: 'ordo-post', locationCode: 'BER' })).status).toBe(409); // not approved
    await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, {}));
    const labelled = await ok(t.api('POST', `/api/v1/returns/${ret.id}/label`, { carrier: 'ordo-post', locationCode: 'BER' }));
    expect(labelled.status).toBe('label_issued');
    expect(labelled.label).toMatchObject({ carrier: 'ordo-post', locationCode: 'BER', trackingNumber: expect.stringMatching(/^LX\d{9}DE$/) });
    const res = await t.http.inject({ method: 'GET', url: labelled.label.url, headers: { authorization: `Bearer ${t.keys.support}` } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('application/pdf');
    const codes = await barcodesInPdf(res.rawPayload);
    expect(codes.map((c) => c.text)).toContain(labelled.label.trackingNumber);
    const done = await ok(t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'BER', items: [{ code: GTIN.BOOK, condition: 'damaged', disposition: 'quarantine' }] }, { as: 'warehouse' }));
    expect(done.return.history.map((h: any) => h.to)).toEqual(['requested', 'approved', 'label_issued', 'received', 'inspected', 'completed']);
    expect(await movements('BOOK-1', ret.id)).toEqual([]); // quarantined: recorded, not sellable stock
  });
});
