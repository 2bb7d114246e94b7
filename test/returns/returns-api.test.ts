import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { deliveredOrder, ok, returnsWorld } from './support.js';

let now = new Date('2026-03-04T09:00:00Z');
const clock = { now: () => new Date(now) };
let t: TestApp;

const policy = {
  timeZone: 'Europe/Berlin',
  defaults: { windowDays: 14, restockingFeeBps: 0, returnShippingPaidBy: 'customer', exchangeAllowed: true, condition: null },
  productTypes: [{ type: 'stationery', skuPrefixes: ['PEN-'] }],
  rules: [{ productType: 'stationery', restockingFeeBps: 1000, exchangeAllowed: false }],
  finalSaleSkus: ['BOOK-1'],
};

beforeAll(async () => {
  t = await testApp({ clock });
  await returnsWorld(t);
  await ok(t.api('PUT', '/api/v1/returns/policy', policy));
});
afterAll(() => t.close());

const outbox = async (type: string) => {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../../src/platform/db/query.js');
  return queryRows<{ payload: any }>(t.database.db, sql`select payload from outbox where type = ${type} order by id`).then((r) => r.map((x) => x.payload));
};

describe('return policy settings', () => {
  it('stores the policy and refuses bad fields with problem+json naming them', async () => {
    const got = await ok(t.api('GET', '/api/v1/returns/policy', undefined, { as: 'support' }));
    expect(got).toMatchObject({ ...policy, updatedBy: expect.stringContaining('api_key:') });
    const bad = await t.api('PUT', '/api/v1/returns/policy', { ...policy, timeZone: 'Mars/Olympus', defaults: { ...policy.defaults, restockingFeeBps: 20000 } });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['defaults.restockingFeeBps', 'timeZone'].sort());
    expect((await t.api('PUT', '/api/v1/returns/policy', policy, { as: 'support' })).status).toBe(403);
    expect((await ok(t.api('GET', '/api/v1/returns/policy'))).timeZone).toBe('Europe/Berlin');
  });
});

describe('eligibility and creating returns', () => {
  it('gives each line its eligibility and reason; a return of 1 of 2 units is created with values and an event', async () => {
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 2, amount: 1500 }, { sku: 'PEN-1', quantity: 1, amount: 1000 }, { sku: 'BOOK-1', quantity: 1, amount: 800 }]);
    const [mug, pen, book] = o.lines;
    const el = await ok(t.api('GET', `/api/v1/orders/${o.id}/return-eligibility`));
    expect(el.deliveredAt).toBe(now.toISOString());
    // delivered 2026-03-04 (Berlin, CET): 14 days → ends 2026-03-19 00:00 CET = 2026-03-18T23:00Z
    expect(el.lines).toMatchObject([
      { lineId: mug!.id, eligible: true, quantity: 2, reason: null, windowEndsAt: '2026-03-18T23:00:00.000Z' },
      { lineId: pen!.id, eligible: true, quantity: 1, productType: 'stationery', restockingFeeBps: 1000, exchangeAllowed: false },
      { lineId: book!.id, eligible: false, quantity: 0, reason: 'final_sale' },
    ]);

    const res = await t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: mug!.id, quantity: 1, reason: 'wrong_size' }, { orderLineId: pen!.id, quantity: 1, reason: 'changed_mind' }] }, { headers: { 'idempotency-key': 'ret-1' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      number: `R-${o.number}-1`,
      status: 'requested',
      source: 'api',
      resolution: 'refund',
      returnShippingPaidBy: 'customer',
      lines: expect.arrayContaining([
        expect.objectContaining({ sku: 'MUG-1', quantity: 1, value: { amount: 1500, currency: 'EUR' }, restockingFee: { amount: 0, currency: 'EUR' } }),
        expect.objectContaining({ sku: 'PEN-1', quantity: 1, value: { amount: 1000, currency: 'EUR' }, restockingFee: { amount: 100, currency: 'EUR' } }),
      ]),
      totals: { value: { amount: 2500 }, restockingFee: { amount: 100 }, refundDue: { amount: 2400 } },
      history: [{ from: null, to: 'requested' }],
    });
    const replay = await t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: mug!.id, quantity: 1, reason: 'wrong_size' }, { orderLineId: pen!.id, quantity: 1, reason: 'changed_mind' }] }, { headers: { 'idempotency-key': 'ret-1' } });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(res.body.id);
    expect((await outbox('return.requested')).filter((p) => p.orderId === o.id)).toHaveLength(1);

    const after = await ok(t.api('GET', `/api/v1/orders/${o.id}/return-eligibility`));
    expect(after.lines.map((l: any) => [l.quantity, l.reason])).toEqual([[1, null], [0, 'fully_returned'], [0, 'final_sale']]);
  });

  it('refuses more than delivered, final sale, disallowed exchange and foreign lines; nothing is written', async () => {
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 2 }, { sku: 'PEN-1', quantity: 1 }, { sku: 'BOOK-1', quantity: 1 }]);
    const [mug, pen, book] = o.lines;
    const tooMany = await t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: mug!.id, quantity: 2, reason: 'defective' }, { orderLineId: mug!.id, quantity: 1, reason: 'defective' }] });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toEqual([{ path: 'lines.1.quantity', message: 'at most 2 can be returned' }]);
    const finalSale = await t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: book!.id, quantity: 1, reason: 'changed_mind' }] });
    expect(finalSale.status).toBe(422);
    expect(finalSale.body.errors[0]).toMatchObject({ path: 'lines.0.quantity', message: expect.stringContaining('final_sale') });
    const exchange = await t.api('POST', '/api/v1/returns', { orderId: o.id, resolution: 'exchange', lines: [{ orderLineId: pen!.id, quantity: 1, reason: 'changed_mind' }] });
    expect(exchange.status).toBe(422);
    expect(exchange.body.errors).toEqual([{ path: 'resolution', message: 'exchanges are not allowed for PEN-1' }]);
    const foreign = await t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: '00000000-0000-4000-8000-000000000000', quantity: 1, reason: 'other' }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].path).toBe('lines.0.orderLineId');
    const badBody = await t.api('POST', '/api/v1/returns', { orderId: 'nope', lines: [{ orderLineId: mug!.id, quantity: 0, reason: 'meh' }] });
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors.map((e: any) => e.path).sort()).toEqual(['lines.0.quantity', 'lines.0.reason', 'orderId']);
    expect((await ok(t.api('GET', `/api/v1/returns?orderId=${o.id}`))).items).toEqual([]);
    // Seller fault: the merchant pays the label
    const defective = await ok(t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: mug!.id, quantity: 2, reason: 'defective' }] }), 201);
    expect(defective.returnShippingPaidBy).toBe('merchant');
  });

  it('several returns per order; rejecting frees the units; cancel after approval; illegal moves are 409', async () => {
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 3 }]);
    const line = o.lines[0]!.id;
    const make = (q: number) => ok(t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: line, quantity: q, reason: 'changed_mind' }] }), 201);
    const r1 = await make(1);
    const r2 = await make(2);
    expect(r2.number).toBe(`R-${o.number}-2`);
    expect((await t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: line, quantity: 1, reason: 'changed_mind' }] })).status).toBe(422);
    const rejected = await ok(t.api('POST', `/api/v1/returns/${r2.id}/reject`, { reason: 'used item' }));
    expect(rejected).toMatchObject({ status: 'rejected', decisionReason: 'used item', history: [{ to: 'requested' }, { from: 'requested', to: 'rejected', reason: 'used item' }] });
    const r3 = await make(2);
    expect(r3.number).toBe(`R-${o.number}-3`);
    // the values of the claims add up to the line value exactly (top units first)
    expect(r1.totals.value.amount + r3.totals.value.amount).toBe(3 * 4990);
    await ok(t.api('POST', `/api/v1/returns/${r1.id}/approve`, {}));
    const illegal = await t.api('POST', `/api/v1/returns/${r2.id}/approve`, {});
    expect(illegal.status).toBe(409);
    expect(illegal.body.detail).toContain('cannot go from rejected to approved');
    expect((await t.api('POST', `/api/v1/returns/${r1.id}/approve`, {}, { as: 'warehouse' })).status).toBe(403);
    const cancelled = await ok(t.api('POST', `/api/v1/returns/${r1.id}/cancel`, { reason: 'customer kept it' }));
    expect(cancelled.status).toBe('cancelled');
    const changes = (await outbox('return.status_changed')).filter((p) => p.orderId === o.id).map((p) => `${p.from}>${p.to}`);
    expect(changes).toEqual(['requested>rejected', 'requested>approved', 'approved>cancelled']);
    const list = await ok(t.api('GET', `/api/v1/returns?orderId=${o.id}&status=requested`));
    expect(list.items.map((r: any) => r.id)).toEqual([r3.id]);
  });

  it('the window closes at local midnight in the shop time zone', async () => {
    now = new Date('2026-03-04T09:00:00Z');
    const o = await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 1 }]);
    now = new Date('2026-03-18T22:59:59Z');
    expect((await ok(t.api('GET', `/api/v1/orders/${o.id}/return-eligibility`))).lines[0]).toMatchObject({ eligible: true });
    now = new Date('2026-03-18T23:00:00Z');
    const late = await t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: o.lines[0]!.id, quantity: 1, reason: 'changed_mind' }] });
    expect(late.status).toBe(422);
    expect(late.body.errors[0].message).toContain('window_expired');
    now = new Date('2026-03-04T09:00:00Z');
  });
});

describe('returns fraud', () => {
  it('a serial returner is held for review with reasons; it cannot be approved until released', async () => {
    const customer = { email: 'serial@example.com', name: 'Serial Returner' };
    const orders = [];
    for (let i = 0; i < 4; i++) orders.push(await deliveredOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer }));
    const make = (o: any) => ok(t.api('POST', '/api/v1/returns', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: 1, reason: 'changed_mind' }] }), 201);
    const first = [await make(orders[0]), await make(orders[1]), await make(orders[2])];
    expect(first.map((r) => r.fraud.heldForReview)).toEqual([false, false, false]);
    const held = await make(orders[3]);
    expect(held.fraud).toEqual({
      score: 70,
      heldForReview: true,
      signals: [
        { code: 'high_return_rate', points: 40, reason: '3 of 4 units delivered to this customer were already returned (75 %)' },
        { code: 'serial_returner', points: 30, reason: '3 earlier returns in the last 30 days' },
      ],
    });
    const refused = await t.api('POST', `/api/v1/returns/${held.id}/approve`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('held for fraud review');
    expect((await t.api('POST', `/api/v1/returns/${held.id}/release-review`, { reason: 'ok' }, { as: 'warehouse' })).status).toBe(403);
    const released = await ok(t.api('POST', `/api/v1/returns/${held.id}/release-review`, { reason: 'long-standing customer' }));
    expect(released.fraud.heldForReview).toBe(false);
    expect((await ok(t.api('POST', `/api/v1/returns/${held.id}/approve`, {}))).status).toBe('approved');
    expect((await outbox('return.review_released')).filter((p) => p.returnId === held.id)).toHaveLength(1);
  });

  it('return reasons report: units and value per reason, rejected and cancelled left out', async () => {
    const report = await ok(t.api('GET', '/api/v1/returns/reports/reasons'));
    const by = Object.fromEntries(report.items.map((i: any) => [i.reason, i]));
    // changed_mind: 1 PEN (test 1) + 2 MUG (r3, test 3) + 4 MUG (fraud test; cancelled r1 excluded)
    expect(by.changed_mind).toMatchObject({ units: 7 });
    expect(by.wrong_size).toMatchObject({ returns: 1, units: 1, value: { amount: 1500, currency: 'EUR' } });
    expect(by.defective).toMatchObject({ returns: 1, units: 2 });
    expect(report.items[0].reason).toBe('changed_mind');
    expect((await t.api('GET', '/api/v1/returns/reports/reasons', undefined, { as: 'warehouse' })).status).toBe(403);
  });
});
