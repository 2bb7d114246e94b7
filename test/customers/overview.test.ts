import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { placeOrder, stockedShop } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await stockedShop(t);
});
afterAll(() => t.close());

describe('customer 360', () => {
  it('shows order count and lifetime value per currency exactly, never adding currencies, with orders, messages, notes, tags and addresses', async () => {
    const email = 'lena@example.com';
    // EUR: 3 × 33.33 and 1 × 0.01; USD: 2 × 19.99. Net after cancelling one 33.33 unit.
    const e1 = await placeOrder(t, email, [{ quantity: 3, amount: 3333 }]);
    const e2 = await placeOrder(t, email, [{ quantity: 1, amount: 1 }]);
    const u1 = await placeOrder(t, email, [{ quantity: 2, amount: 1999, currency: 'USD' }]);
    const cancel = await t.api('POST', `/api/v1/orders/${e1.id}/cancel`, { reason: 'customer changed mind', lines: [{ lineId: e1.lines[0]!.id, quantity: 1 }] });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await t.drain();
    const customerId = e1.customer.id;
    await t.api('POST', `/api/v1/customers/${customerId}/notes`, { body: 'Asked for invoice copies' }, { as: 'support' });
    await t.api('PUT', `/api/v1/customers/${customerId}/tags`, { tags: ['b2b'] });
    await t.api('POST', `/api/v1/customers/${customerId}/addresses`, { label: 'Office', address: { line1: 'Hauptstr. 1', city: 'Köln', postalCode: '50667', country: 'DE' } });

    const res = await t.api('GET', `/api/v1/customers/${customerId}/overview`, undefined, { as: 'support' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const o = res.body;
    const net = async (id: string) => (await t.api('GET', `/api/v1/orders/${id}`)).body.totals.net.amount as number;
    const placed = (x: { totals: Record<string, { amount: number }> }) => x.totals.total!.amount;
    expect(o.figures).toEqual({
      orderCount: 3,
      perCurrency: [
        { currency: 'EUR', orderCount: 2, placed: { amount: placed(e1) + placed(e2), currency: 'EUR' }, lifetimeValue: { amount: (await net(e1.id)) + (await net(e2.id)), currency: 'EUR' } },
        { currency: 'USD', orderCount: 1, placed: { amount: placed(u1), currency: 'USD' }, lifetimeValue: { amount: await net(u1.id), currency: 'USD' } },
      ],
    });
    // The lines alone: 2 × 3333 + 1 kept in EUR (shipping and tax as the order computed them), 2 × 1999 in USD.
    expect(o.figures.perCurrency[0].lifetimeValue.amount - o.figures.perCurrency[0].placed.amount).toBe(-(placed(e1) - (await net(e1.id))));
    expect(placed(e1) - (await net(e1.id))).toBeGreaterThanOrEqual(3333);
    expect(o.recentOrders.map((r: { id: string }) => r.id).sort()).toEqual([e1.id, e2.id, u1.id].sort());
    expect(o.messages.length).toBeGreaterThan(0);
    expect(o.messages.every((m: { orderId: string }) => [e1.id, e2.id, u1.id].includes(m.orderId))).toBe(true);
    expect(o.notes).toEqual([expect.objectContaining({ body: 'Asked for invoice copies' })]);
    expect(o.tags).toEqual(['b2b']);
    expect(o.addresses).toEqual([expect.objectContaining({ label: 'Office', defaultShipping: true, defaultBilling: true })]);
    expect(o.returns).toEqual([]);
    expect(o.customer).toMatchObject({ id: customerId, orderCount: 3, mergedIntoId: null });

    expect((await t.api('GET', `/api/v1/customers/${customerId}/overview`, undefined, { as: 'integration' })).status).toBe(403);
    expect((await t.api('GET', '/api/v1/customers/0190a0a0-0000-7000-8000-000000000000/overview')).status).toBe(404);
  });

  it('keeps one default address of each kind and refuses changes to a merged customer', async () => {
    const a = await placeOrder(t, 'addr-a@example.com');
    const b = await placeOrder(t, 'addr-b@example.com');
    const addr = (line1: string, extra: Record<string, unknown> = {}) => ({ address: { line1, city: 'Berlin', postalCode: '10115', country: 'DE' }, ...extra });
    const first = (await t.api('POST', `/api/v1/customers/${a.customer.id}/addresses`, addr('One'))).body;
    const second = (await t.api('POST', `/api/v1/customers/${a.customer.id}/addresses`, addr('Two', { defaultShipping: true }))).body;
    const list = (await t.api('GET', `/api/v1/customers/${a.customer.id}/addresses`)).body.items;
    expect(list.find((x: { id: string }) => x.id === first.id)).toMatchObject({ defaultShipping: false, defaultBilling: true });
    expect(list.find((x: { id: string }) => x.id === second.id)).toMatchObject({ defaultShipping: true, defaultBilling: false });
    expect((await t.api('POST', `/api/v1/customers/${a.customer.id}/addresses`, { address: { line1: 'x', city: 'y', postalCode: '1', country: 'de' } })).status).toBe(400);
    expect((await t.api('DELETE', `/api/v1/customers/${a.customer.id}/addresses/${first.id}`)).status).toBe(200);

    expect((await t.api('POST', `/api/v1/customers/${a.customer.id}/merge`, { sourceCustomerId: b.customer.id })).status).toBe(201);
    const refused = await t.api('POST', `/api/v1/customers/${b.customer.id}/addresses`, addr('Three'));
    expect(refused.status).toBe(422);
  });
});
