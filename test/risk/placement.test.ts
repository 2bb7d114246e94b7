import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level, makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { orderEvents, riskyBody } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'WH' });
  await makeProduct(t, { sku: 'MUG', price: { amount: 4990, currency: 'EUR' } });
  await receiveStock(t, 'MUG', 'WH', 100);
});
afterAll(() => t.close());

const blockedAddress = { name: 'Mallory', line1: 'Fraudstraße 13', city: 'Berlin', postalCode: '10115', country: 'DE' };

describe('risk at placement', () => {
  it('accepts a clean order: no hold, allocated, assessed with score 0', async () => {
    const res = await t.api('POST', '/api/v1/orders', riskyBody('MUG'), { remoteAddress: '198.51.100.1' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.holds).toEqual([]);
    expect(res.body.lines[0].quantities).toMatchObject({ allocated: 1, pending: 0 });
    const risk = await t.api('GET', `/api/v1/orders/${res.body.id}/risk`);
    expect(risk.status).toBe(200);
    expect(risk.body.latest).toMatchObject({ stage: 'placement', score: 0, decision: 'accept', reasons: [] });
    // Risk details are for reviewers; the warehouse role is refused.
    expect((await t.api('GET', `/api/v1/orders/${res.body.id}/risk`, undefined, { as: 'warehouse' })).status).toBe(403);
    expect((await t.api('GET', '/api/v1/orders/00000000-0000-4000-8000-000000000000/risk')).status).toBe(404);
  });

  it('holds a risky order (disposable email + blocklisted address) with its reasons, nothing allocated, no processing', async () => {
    const bl = await t.api('POST', '/api/v1/risk/blocklist', { kind: 'address', address: { line1: 'FRAUDSTRASSE 13', postalCode: '10115', country: 'DE' }, reason: 'chargebacks' });
    expect(bl.status, JSON.stringify(bl.body)).toBe(201);
    const before = await level(t, 'MUG', 'WH');
    const res = await t.api('POST', '/api/v1/orders', riskyBody('MUG', { customer: { email: 'mallory@mailinator.com', name: 'Mallory' }, shippingAddress: blockedAddress }), { remoteAddress: '198.51.100.2' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id as string;
    expect(res.body.holds).toHaveLength(1);
    expect(res.body.holds[0]).toMatchObject({ type: 'fraud', owner: 'system:risk', releasedAt: null });
    expect(res.body.holds[0].reason).toMatch(/mailinator\.com is a disposable email service/);
    expect(res.body.holds[0].reason).toMatch(/address is on the blocklist/);
    expect(res.body.lines[0].quantities).toMatchObject({ ordered: 1, pending: 1, allocated: 0, backordered: 0 });
    expect(await level(t, 'MUG', 'WH')).toEqual(before);

    const order = await t.api('GET', `/api/v1/orders/${id}`);
    expect(order.body.holds.map((h: { type: string; releasedAt: null }) => [h.type, h.releasedAt])).toEqual([['fraud', null]]);
    const risk = await t.api('GET', `/api/v1/orders/${id}/risk`);
    expect(risk.body.latest).toMatchObject({ score: 100, decision: 'hold' });
    expect(risk.body.latest.reasons.map((r: { rule: string }) => r.rule).sort()).toEqual(['blocklistAddress', 'disposableEmail']);

    const events = await orderEvents(t, id);
    expect(events.map((e) => e.type)).toEqual(['order.placed', 'order.risk_assessed', 'order.hold_placed']);
    expect(events[1]!.payload).toMatchObject({ orderId: id, score: 100, decision: 'hold' });
    expect(events[2]!.payload.hold).toMatchObject({ type: 'fraud', id: res.body.holds[0].id });

    for (const to of ['processing', 'shipped']) {
      const move = await t.api('POST', `/api/v1/orders/${id}/status`, { status: to });
      expect(move.status).toBe(409);
    }
    const stuck = await t.api('POST', `/api/v1/orders/${id}/status`, { status: 'processing' });
    expect(stuck.body.code).toBe('order_on_hold');
    expect((await t.api('GET', `/api/v1/orders/${id}`)).body.status).toBe('confirmed');
  });

  it('holds the 6th order from one IP within 10 minutes (velocity)', async () => {
    const ip = '203.0.113.77';
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await t.api('POST', '/api/v1/orders', riskyBody('MUG'), { remoteAddress: ip }));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(results.slice(0, 5).map((r) => r.body.holds.length)).toEqual([0, 0, 0, 0, 0]);
    const sixth = results[5]!.body;
    expect(sixth.holds[0].reason).toMatch(/6 orders from IP 203\.0\.113\.77 within 10 minutes/);
    expect(sixth.lines[0].quantities).toMatchObject({ pending: 1, allocated: 0 });
    // Another IP is unaffected.
    const other = await t.api('POST', '/api/v1/orders', riskyBody('MUG'), { remoteAddress: '203.0.113.78' });
    expect(other.body.holds).toEqual([]);
  });

  it('a refused placement writes no assessment (one transaction)', async () => {
    const res = await t.api('POST', '/api/v1/orders', riskyBody('MUG', { lines: [{ sku: 'MUG', quantity: 1000 }] }), { remoteAddress: '198.51.100.9' });
    expect(res.status).toBe(409);
    const again = [];
    for (let i = 0; i < 5; i++) again.push(await t.api('POST', '/api/v1/orders', riskyBody('MUG'), { remoteAddress: '198.51.100.9' }));
    // The refused attempt did not count towards the IP's velocity: 5 placed orders are still fine.
    expect(again.map((r) => r.body.holds.length)).toEqual([0, 0, 0, 0, 0]);
  });
});
