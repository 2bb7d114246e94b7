/**
 * Ordo end to end with the Stripe adapter: the official SDK talks to a loopback Stripe API that
 * answers with Stripe's object shapes and records what Ordo sent; webhooks are posted to
 * /api/v1/payments/webhooks/stripe signed with stripe.webhooks.generateTestHeaderString.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { defaultPaymentSettings } from '../../src/modules/payments/index.js';
import { paymentsOf, placePaid, seedShop, ship } from './support.js';
import { startFakeStripe, stripeTestMethods, type FakeStripe } from './fake-stripe.js';

let t: TestApp;
let stripe: FakeStripe;

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await testApp({ app: { payments: { ...defaultPaymentSettings, stripe: { secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret, apiBase: stripe.url } } } });
  await seedShop(t);
});
afterAll(async () => {
  await t.close();
  await stripe.close();
});

const post = (type: string, object: Record<string, unknown>, opts: { id?: string; secret?: string } = {}) => {
  const { body, signature } = stripe.signedEvent(type, object, opts);
  return t.http.inject({ method: 'POST', url: '/api/v1/payments/webhooks/stripe', payload: body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } });
};
const pay = (pm: string) => [{ provider: 'stripe' as const, paymentMethod: pm }];

describe('Stripe through the API', () => {
  it('authorizes at placement, captures per shipment with amount_to_capture, refunds with an amount', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 2 }], pay(stripeTestMethods.success));
    expect(o.status).toBe('confirmed');
    const p0 = o.payment.items[0];
    expect(p0).toMatchObject({ provider: 'stripe', status: 'authorized', avs: 'match', cvv: 'match' });
    expect(p0.providerReference).toMatch(/^pi_test_/);
    const create = stripe.requests.find((r) => r.path === '/v1/payment_intents' && r.params['metadata[ordo_payment_id]'] === p0.id)!;
    expect(create.params).toMatchObject({ amount: '9980', currency: 'eur', capture_method: 'manual' });
    expect(create.idempotencyKey).toBe(`ordo-auth-${p0.id}-0`);

    await ship(t, o.id, [{ lineId: o.lines[0].id, quantity: 1 }]);
    const captures = () => stripe.requests.filter((r) => r.path === `/v1/payment_intents/${p0.providerReference}/capture`);
    expect(captures().map((r) => r.params)).toEqual([{ amount_to_capture: '4990', final_capture: 'false' }]);
    await ship(t, o.id, [{ lineId: o.lines[0].id, quantity: 1 }]);
    expect(captures().map((r) => r.params.amount_to_capture)).toEqual(['4990', '4990']);
    expect(captures()[1]!.params.final_capture).toBeUndefined();
    expect(stripe.intent(p0.providerReference)).toMatchObject({ status: 'succeeded', amount_received: 9980 });

    const r = await t.api('POST', `/api/v1/orders/${o.id}/payments/${p0.id}/refund`, { amount: { amount: 1500, currency: 'EUR' }, reason: 'late' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(stripe.requests.at(-1)).toMatchObject({ path: '/v1/refunds', params: { payment_intent: p0.providerReference, amount: '1500' } });
    expect(r.body).toMatchObject({ captured: { amount: 9980 }, refunded: { amount: 1500 }, status: 'partially_refunded' });
  });

  it('a decline keeps the order placed with a payment hold', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], pay(stripeTestMethods.declined));
    expect(o.status).toBe('placed');
    expect(o.payment.items[0]).toMatchObject({ status: 'failed', failure: { code: 'card_declined' } });
    expect(o.holds.map((h: any) => h.type)).toEqual(['payment']);
  });

  it('3-D Secure: confirmed by payment_intent.amount_capturable_updated; replays ignored; bad signature → 400', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], pay(stripeTestMethods.actionRequired));
    expect(o.status).toBe('placed');
    const ref = o.payment.items[0].providerReference;
    const pi = { ...stripe.intent(ref), status: 'requires_capture', amount_capturable: 1990 };
    const bad = await post('payment_intent.amount_capturable_updated', pi, { secret: 'whsec_someone_else' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().code).toBe('validation_failed');
    const ok = await post('payment_intent.amount_capturable_updated', pi, { id: 'evt_3ds_ok' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().outcome).toBe('applied');
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.status).toBe('confirmed');
    const again = await post('payment_intent.amount_capturable_updated', pi, { id: 'evt_3ds_ok' });
    expect(again.statusCode).toBe(200);
    expect(again.json().outcome).toBe('duplicate');
    const p = (await paymentsOf(t, o.id)).items[0];
    expect(p.transactions.filter((x: any) => x.kind === 'authorization')).toHaveLength(2);
  });

  it('payment_intent.payment_failed fails a payment awaiting action; charge.refunded records a refund made at Stripe', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], pay(stripeTestMethods.actionRequired));
    const ref = o.payment.items[0].providerReference;
    const failed = await post('payment_intent.payment_failed', { ...stripe.intent(ref), status: 'requires_payment_method', last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'authentication_failed', message: '3DS failed' } });
    expect(failed.statusCode).toBe(200);
    const after = (await t.api('GET', `/api/v1/orders/${o.id}`)).body;
    expect(after.status).toBe('placed');
    expect(after.holds.map((h: any) => h.type)).toEqual(['payment']);
    expect((await paymentsOf(t, o.id)).items[0].failure.code).toBe('authentication_failed');

    const paid = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], pay(stripeTestMethods.success), { channel: 'web' });
    const p = paid.payment.items[0];
    const cap = await t.api('POST', `/api/v1/orders/${paid.id}/payments/${p.id}/capture`, {});
    expect(cap.status, JSON.stringify(cap.body)).toBe(200);
    const charge = { id: 'ch_ext', object: 'charge', amount: 1990, amount_captured: 1990, amount_refunded: 500, currency: 'eur', payment_intent: p.providerReference, refunded: false };
    const res = await post('charge.refunded', charge, { id: 'evt_ext_refund' });
    expect(res.json().outcome).toBe('applied');
    const now = (await paymentsOf(t, paid.id)).items[0];
    expect(now).toMatchObject({ refunded: { amount: 500 }, status: 'partially_refunded' });
    expect(now.transactions.at(-1)).toMatchObject({ kind: 'refund', source: 'webhook', amount: { amount: 500 } });
  });

  it('an unknown provider in the path is 400, a body that is not JSON is refused', async () => {
    const res = await t.http.inject({ method: 'POST', url: '/api/v1/payments/webhooks/paypal', payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
  });
});
