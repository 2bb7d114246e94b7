import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueEvents } from '../../src/platform/outbox/outbox.js';
import { systemActor } from '../../src/platform/auth/roles.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { orderEvents, riskyBody } from './support.js';
import { newEvent } from '../../src/platform/events/define.js';
import { paymentAuthorized } from '../../src/modules/payments/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await makeLocation(t, { code: 'WH' });
  await makeProduct(t, { sku: 'BAG', price: { amount: 4990, currency: 'EUR' } });
  await receiveStock(t, 'BAG', 'WH', 100);
});
afterAll(() => t.close());

/** What the payments module emits on authorization (team contract). */
async function authorized(orderId: string, facts: { fingerprint?: string; avs?: string; cvv?: string }) {
  await t.database.db.transaction(async (tx) => {
    await enqueueEvents(tx, { actor: systemActor, newId: t.deps.newId, at: t.deps.clock.now() }, [
      newEvent(paymentAuthorized, orderId, { orderId, paymentId: t.deps.newId(), provider: 'test', amount: { amount: 4990, currency: 'EUR' }, ...facts }),
    ]);
  });
  await t.drain();
}

const place = async (over: Record<string, unknown> = {}) => {
  const res = await t.api('POST', '/api/v1/orders', riskyBody('BAG', over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; holds: unknown[] };
};

describe('re-scoring on payment.authorized', () => {
  it('AVS and CVV mismatches put a fraud hold on an allocated order; processing is then refused', async () => {
    const order = await place();
    expect(order.holds).toEqual([]);
    await authorized(order.id, { fingerprint: 'fp_1', avs: 'no_match', cvv: 'no_match' });
    const after = (await t.api('GET', `/api/v1/orders/${order.id}`)).body;
    expect(after.holds).toHaveLength(1);
    expect(after.holds[0]).toMatchObject({ type: 'fraud', owner: 'system:risk', releasedAt: null });
    expect(after.holds[0].reason).toMatch(/AVS/);
    expect(after.lines[0].quantities).toMatchObject({ allocated: 1 });
    const risk = (await t.api('GET', `/api/v1/orders/${order.id}/risk`)).body;
    expect(risk.assessments.map((a: { stage: string }) => a.stage)).toEqual(['placement', 'payment']);
    expect(risk.latest).toMatchObject({ stage: 'payment', score: 70, decision: 'hold' });
    const types = (await orderEvents(t, order.id)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['order.risk_assessed', 'order.hold_placed']);
    expect((await t.api('POST', `/api/v1/orders/${order.id}/status`, { status: 'processing' })).body.code).toBe('order_on_hold');
    const queue = await t.api('GET', '/api/v1/risk/reviews?limit=200');
    expect(queue.body.items.map((i: { orderId: string }) => i.orderId)).toContain(order.id);
  });

  it('a clean authorization records the assessment and places no hold; the order can proceed', async () => {
    const order = await place();
    await authorized(order.id, { fingerprint: 'fp_2', avs: 'match', cvv: 'match' });
    const after = (await t.api('GET', `/api/v1/orders/${order.id}`)).body;
    expect(after.holds).toEqual([]);
    expect((await t.api('GET', `/api/v1/orders/${order.id}/risk`)).body.latest).toMatchObject({ stage: 'payment', score: 0, decision: 'accept' });
    expect((await t.api('POST', `/api/v1/orders/${order.id}/status`, { status: 'processing' })).status).toBe(200);
  });

  it('a blocklisted card fingerprint alone holds the order', async () => {
    await t.api('POST', '/api/v1/risk/blocklist', { kind: 'payment_fingerprint', value: 'fp_stolen', reason: 'reported stolen' });
    const order = await place();
    await authorized(order.id, { fingerprint: 'fp_stolen', avs: 'match', cvv: 'match' });
    const after = (await t.api('GET', `/api/v1/orders/${order.id}`)).body;
    expect(after.holds[0].reason).toMatch(/payment card is on the blocklist/);
  });

  it('does not stack a second fraud hold on an order already held', async () => {
    await t.api('POST', '/api/v1/risk/blocklist', { kind: 'email', value: 'held-twice@example.com', reason: 'x' });
    const order = await place({ customer: { email: 'held-twice@example.com', name: 'H' } });
    expect(order.holds).toHaveLength(1);
    await authorized(order.id, { avs: 'no_match', cvv: 'no_match' });
    const after = (await t.api('GET', `/api/v1/orders/${order.id}`)).body;
    expect(after.holds).toHaveLength(1);
    expect((await t.api('GET', `/api/v1/orders/${order.id}/risk`)).body.assessments).toHaveLength(2);
  });

  it('card velocity counts other orders paid with the same fingerprint', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await place()).id);
    for (const id of ids) await authorized(id, { fingerprint: 'fp_busy', avs: 'match', cvv: 'match' });
    const last = (await t.api('GET', `/api/v1/orders/${ids[3]}/risk`)).body.latest;
    expect(last.reasons).toEqual([{ rule: 'velocityPaymentFingerprint', points: 40, message: '4 orders paid with this card within 60 minutes (more than 3)' }]);
  });
});
