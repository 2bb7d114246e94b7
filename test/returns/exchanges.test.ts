import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeProduct, receiveStock } from '../support/factories.js';
import { deliveredOrder, GTIN, ok, returnsWorld } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await returnsWorld(t);
  await ok(t.api('PUT', '/api/v1/returns/policy', {
    timeZone: 'Europe/Berlin',
    defaults: { windowDays: 30, restockingFeeBps: 0, returnShippingPaidBy: 'customer', exchangeAllowed: true, condition: null },
    productTypes: [{ type: 'stationery', skuPrefixes: ['PEN-'] }],
    rules: [{ productType: 'stationery', exchangeAllowed: false }],
    finalSaleSkus: [],
  }));
  // MUG-1 sells at 49.90 (the catalog price of the warehouse world); three variants to swap to.
  for (const [sku, amount] of [['MUG-BLUE', 4990], ['MUG-XL', 5990], ['MUG-MINI', 3990], ['MUG-GONE', 4990]] as const) {
    await makeProduct(t, { sku, name: `Enamel mug ${sku}`, price: { amount, currency: 'EUR' } });
    if (sku !== 'MUG-GONE') await receiveStock(t, sku, 'STO', 5);
  }
});
afterAll(() => t.close());

let buyer = 0;
const paid = () => ({ customer: { email: `swapper-${++buyer}@example.com`, name: 'Ada Lovelace' }, payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }] });
const rows = async (q: string, ...params: unknown[]) => {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../../src/platform/db/query.js');
  const parts = q.split('?');
  const chunks = sql.join(parts.map((p, i) => (i < params.length ? sql`${sql.raw(p)}${params[i]}` : sql.raw(p))), sql.raw(''));
  return queryRows<Record<string, any>>(t.database.db, chunks);
};
const exchangeOf = async (o: { id: string; lines: Array<{ id: string }> }, exchangeSku: string) =>
  ok(t.api('POST', '/api/v1/returns', { orderId: o.id, resolution: 'exchange', lines: [{ orderLineId: o.lines[0]!.id, quantity: 1, reason: 'wrong_size', exchangeSku }] }), 201);

describe('exchanges', () => {
  it('even swap: approval places the replacement at no charge and reserves its stock; receipt completes it with no refund', async () => {
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 1, amount: 4990 }], paid());
    const ret = await exchangeOf(o, 'MUG-BLUE');
    expect(ret.lines[0]).toMatchObject({ sku: 'MUG-1', exchangeSku: 'MUG-BLUE', value: { amount: 4990 } });
    expect(ret.exchange).toBeNull();
    const before = await level(t, 'MUG-BLUE', 'STO');

    const approved = await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, {}));
    expect(approved.status).toBe('approved');
    expect(approved.exchange).toMatchObject({ value: { amount: 4990 }, credit: { amount: 4990 }, charge: { amount: 0 }, refund: { amount: 0 } });
    const replacement = await ok(t.api('GET', `/api/v1/orders/${approved.exchange.orderId}`));
    expect(replacement).toMatchObject({ channel: 'exchange', externalId: ret.number, customer: { email: o.customer.email } });
    expect(replacement.lines).toEqual([expect.objectContaining({ sku: 'MUG-BLUE', quantity: 1 })]);
    expect(replacement.totals).toMatchObject({ subtotal: { amount: 4990 }, discount: { amount: 4990 }, total: { amount: 0 } });
    expect(await level(t, 'MUG-BLUE', 'STO')).toMatchObject({ reserved: before.reserved + 1, available: before.available - 1 });
    const events = await rows(`select payload from outbox where type = 'return.exchange_placed' and aggregate_id = ?`, ret.id);
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ exchangeOrderId: replacement.id, charge: { amount: 0, currency: 'EUR' }, refund: { amount: 0, currency: 'EUR' } })]);

    // approving twice is an illegal move and places nothing more
    expect((await t.api('POST', `/api/v1/returns/${ret.id}/approve`, {})).status).toBe(409);
    expect(await rows(`select id from orders where channel = 'exchange' and external_id = ?`, ret.number)).toHaveLength(1);

    const done = await ok(t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'STO', items: [{ code: GTIN.MUG, condition: 'new', disposition: 'restock' }] }, { as: 'warehouse' }));
    expect(done.refunded).toEqual({ amount: 0, currency: 'EUR' });
    expect(done.return.status).toBe('completed');
    expect(done.return.history.at(-1)).toMatchObject({ to: 'completed', reason: 'exchanged' });
  });

  it('dearer replacement: the difference needs a payment; a declined one approves nothing and releases the stock; an authorized one approves', async () => {
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 1, amount: 4990 }], paid());
    const ret = await exchangeOf(o, 'MUG-XL');
    const before = await level(t, 'MUG-XL', 'STO');

    const missing = await t.api('POST', `/api/v1/returns/${ret.id}/approve`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: 'payment', message: expect.stringContaining('1000') }]);

    const declined = await t.api('POST', `/api/v1/returns/${ret.id}/approve`, { payment: { provider: 'sandbox', paymentMethod: 'pm_sandbox_declined' } });
    expect(declined.status, JSON.stringify(declined.body)).toBe(422);
    expect(declined.headers['content-type']).toContain('application/problem+json');
    expect((await ok(t.api('GET', `/api/v1/returns/${ret.id}`))).status).toBe('requested');
    const [cancelled] = await rows(`select status from orders where id = ?`, declined.body.orderId);
    expect(cancelled).toEqual({ status: 'cancelled' });
    expect(await level(t, 'MUG-XL', 'STO')).toMatchObject({ reserved: before.reserved, available: before.available });

    const approved = await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, { payment: { provider: 'sandbox', paymentMethod: 'pm_sandbox_success' } }));
    expect(approved.exchange).toMatchObject({ value: { amount: 5990 }, credit: { amount: 4990 }, charge: { amount: 1000 }, refund: { amount: 0 } });
    const replacement = await ok(t.api('GET', `/api/v1/orders/${approved.exchange.orderId}`));
    expect(replacement.totals).toMatchObject({ discount: { amount: 4990 }, total: { amount: 1000 } });
    const pays = await ok(t.api('GET', `/api/v1/orders/${replacement.id}/payments`));
    expect(pays.items).toEqual([expect.objectContaining({ amount: { amount: 1000, currency: 'EUR' }, authorized: { amount: 1000, currency: 'EUR' } })]);
    expect(await level(t, 'MUG-XL', 'STO')).toMatchObject({ reserved: before.reserved + 1 });
  });

  it('cheaper replacement: placed at no charge; the difference is refunded to the original payment at receipt', async () => {
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 1, amount: 4990 }], paid());
    const ret = await exchangeOf(o, 'MUG-MINI');
    expect((await t.api('POST', `/api/v1/returns/${ret.id}/approve`, { payment: { provider: 'sandbox', paymentMethod: 'pm_sandbox_success' } })).status).toBe(400);
    const approved = await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, {}));
    expect(approved.exchange).toMatchObject({ value: { amount: 3990 }, credit: { amount: 4990 }, charge: { amount: 0 }, refund: { amount: 1000 } });
    const replacement = await ok(t.api('GET', `/api/v1/orders/${approved.exchange.orderId}`));
    expect(replacement.totals).toMatchObject({ discount: { amount: 3990 }, total: { amount: 0 } });

    const done = await ok(t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'STO', items: [{ code: GTIN.MUG, condition: 'new', disposition: 'restock' }] }, { as: 'warehouse' }));
    expect(done.refunded).toEqual({ amount: 1000, currency: 'EUR' });
    expect(done.return.history.at(-1)).toMatchObject({ to: 'completed', reason: 'exchanged; difference refunded' });
    const pays = await ok(t.api('GET', `/api/v1/orders/${o.id}/payments`));
    expect(pays.items[0]).toMatchObject({ captured: { amount: 4990 }, refunded: { amount: 1000 } });
  });

  it('refuses exchange SKUs that do not fit and replacements without stock; nothing is approved', async () => {
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 1, amount: 4990 }, { sku: 'PEN-1', quantity: 1, amount: 1000 }], paid());
    const [mug, pen] = o.lines;
    const refund = await t.api('POST', '/api/v1/returns', { orderId: o.id, resolution: 'refund', lines: [{ orderLineId: mug!.id, quantity: 1, reason: 'wrong_size', exchangeSku: 'MUG-BLUE' }] });
    expect(refund.status).toBe(400);
    expect(refund.body.errors).toEqual([{ path: 'lines.0.exchangeSku', message: expect.stringContaining('only for exchanges') }]);
    const unknown = await t.api('POST', '/api/v1/returns', { orderId: o.id, resolution: 'exchange', lines: [{ orderLineId: mug!.id, quantity: 1, reason: 'wrong_size', exchangeSku: 'NOPE-1' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'lines.0.exchangeSku', message: 'NOPE-1 is not an active product' }]);
    const policy = await t.api('POST', '/api/v1/returns', { orderId: o.id, resolution: 'exchange', lines: [{ orderLineId: pen!.id, quantity: 1, reason: 'changed_mind' }] });
    expect(policy.status).toBe(422);

    const ret = await exchangeOf(o, 'MUG-GONE');
    const res = await t.api('POST', `/api/v1/returns/${ret.id}/approve`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.type).toContain('insufficient-stock');
    expect((await ok(t.api('GET', `/api/v1/returns/${ret.id}`))).status).toBe('requested');
    expect(await rows(`select id from orders where channel = 'exchange' and external_id = ?`, ret.number)).toHaveLength(0);
  });
});
