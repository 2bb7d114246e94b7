/**
 * Every sandbox outcome end to end through the HTTP API: placement with payments, authorization after
 * commit, declines with a payment hold and the retry window (driven by a controllable clock), 3-D
 * Secure completed by a signed webhook, capture on (partial) shipment, void and refund on cancellation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { level } from '../support/factories.js';
import { expireUnpaidOrders } from '../../src/flows/expire-unpaid-orders.js';
import { defaultPaymentSettings, sandboxSignatureHeader, signSandboxPayload } from '../../src/modules/payments/index.js';
import { paymentsOf, placePaid, seedShop, ship } from './support.js';

let now = new Date('2026-03-02T10:00:00Z').getTime();
const clock = { now: () => new Date(now) };
let t: TestApp;

beforeAll(async () => {
  t = await testApp({ clock, app: { payments: { ...defaultPaymentSettings, retryMinutes: 30, captureAtPlacementChannels: ['pos'] } } });
  await seedShop(t);
});
afterAll(() => t.close());

const events = async (orderId: string) => (await t.api('GET', `/api/v1/orders/${orderId}/events`)).body.items as Array<{ type: string; payload: any }>;
const sandboxPay = (token: string) => [{ provider: 'sandbox' as const, paymentMethod: token }];

function signedWebhook(body: object, at = clock.now(), secret = defaultPaymentSettings.sandboxWebhookSecret) {
  const raw = JSON.stringify(body);
  return t.http.inject({ method: 'POST', url: '/api/v1/payments/webhooks/sandbox', payload: raw, headers: { 'content-type': 'application/json', [sandboxSignatureHeader]: signSandboxPayload(secret, raw, at) } });
}

describe('authorization at placement', () => {
  it('authorized → the order is confirmed and payment.authorized carries AVS, CVV and fingerprint', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 1 }], sandboxPay('pm_sandbox_avs_no_match'));
    expect(o.status).toBe('confirmed');
    expect(o.payment.status).toBe('authorized');
    expect(o.payment.items[0]).toMatchObject({ status: 'authorized', authorized: { amount: 4990, currency: 'EUR' }, avs: 'no_match', cvv: 'match' });
    const ev = await events(o.id);
    const auth = ev.find((e) => e.type === 'payment.authorized')!;
    expect(auth.payload).toMatchObject({ orderId: o.id, paymentId: o.payment.items[0].id, provider: 'sandbox', amount: { amount: 4990, currency: 'EUR' }, avs: 'no_match', cvv: 'match' });
    expect(auth.payload.fingerprint).toMatch(/^sbxfp_/);
    expect(ev.map((e) => e.type)).toContain('order.confirmed');
    const again = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], sandboxPay('pm_sandbox_avs_no_match'));
    expect(again.payment.items[0].fingerprint).toBe(o.payment.items[0].fingerprint); // stable per token
  });

  it.each([
    ['pm_sandbox_success', 'match', 'match'],
    ['pm_sandbox_avs_partial', 'partial', 'match'],
    ['pm_sandbox_avs_unavailable', 'unavailable', 'unavailable'],
    ['pm_sandbox_cvv_no_match', 'match', 'no_match'],
  ])('%s → confirmed with AVS %s and CVV %s in payment.authorized', async (token, avs, cvv) => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], sandboxPay(token));
    expect(o.status).toBe('confirmed');
    const auth = (await events(o.id)).find((e) => e.type === 'payment.authorized')!;
    expect(auth.payload).toMatchObject({ avs, cvv, amount: { amount: 1990, currency: 'EUR' } });
  });

  it.each([
    ['pm_sandbox_declined', 'card_declined'],
    ['pm_sandbox_insufficient_funds', 'insufficient_funds'],
    ['pm_sandbox_expired_card', 'expired_card'],
    ['pm_sandbox_processing_error', 'processing_error'],
  ])('%s → not confirmed, payment hold, payment.failed (%s)', async (token, code) => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], sandboxPay(token));
    expect(o.status).toBe('placed');
    expect(o.payment.status).toBe('failed');
    expect(o.payment.items[0]).toMatchObject({ status: 'failed', authorized: { amount: 0 }, failure: { code } });
    expect(o.holds.filter((h: any) => h.type === 'payment' && h.releasedAt === null)).toHaveLength(1);
    const failed = (await events(o.id)).find((e) => e.type === 'payment.failed')!;
    expect(failed.payload).toMatchObject({ orderId: o.id, code });
  });

  it('declined: reservations are released and the order cancelled after the retry window, not before', async () => {
    const before = await level(t, 'SKU-A', 'BER');
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 3 }], sandboxPay('pm_sandbox_declined'));
    expect((await level(t, 'SKU-A', 'BER')).reserved).toBe(before.reserved + 3);
    now += 29 * 60_000;
    expect((await expireUnpaidOrders(t.deps)).cancelled).toBe(0);
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.status).toBe('placed');
    now += 2 * 60_000;
    expect((await expireUnpaidOrders(t.deps)).cancelled).toBeGreaterThanOrEqual(1);
    const after = (await t.api('GET', `/api/v1/orders/${o.id}`)).body;
    expect(after.status).toBe('cancelled');
    expect((await level(t, 'SKU-A', 'BER')).reserved).toBe(before.reserved);
    await t.drain();
  });

  it('declined, then retried with a new payment method within the window → confirmed, hold released, not cancelled', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 1 }], sandboxPay('pm_sandbox_declined'));
    const pid = o.payment.items[0].id;
    const retry = await t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/authorize`, { paymentMethod: 'pm_sandbox_success' });
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body.status).toBe('authorized');
    const order = (await t.api('GET', `/api/v1/orders/${o.id}`)).body;
    expect(order.status).toBe('confirmed');
    expect(order.holds.every((h: any) => h.releasedAt !== null)).toBe(true);
    now += 60 * 60_000;
    await expireUnpaidOrders(t.deps);
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.status).toBe('confirmed');
    const again = await t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/authorize`, { paymentMethod: 'pm_sandbox_success' });
    expect(again.status).toBe(409);
  });

  it('declined, then a new payment for the remainder → confirmed', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 2 }], sandboxPay('pm_sandbox_insufficient_funds'));
    const res = await t.api('POST', `/api/v1/orders/${o.id}/payments`, { provider: 'sandbox', paymentMethod: 'pm_sandbox_success' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[1]).toMatchObject({ status: 'authorized', amount: { amount: 3980, currency: 'EUR' } });
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.status).toBe('confirmed');
  });

  it('authentication required → placed until the signed webhook completes it; replays are ignored; bad signatures refused', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], sandboxPay('pm_sandbox_authentication_required'));
    expect(o.status).toBe('placed');
    expect(o.payment.items[0].status).toBe('requires_action');
    const ref = o.payment.items[0].providerReference;
    const body = { id: 'evt_sbx_3ds_1', type: 'payment.authorized', created: Math.floor(now / 1000), data: { reference: ref, amount: 1990, currency: 'EUR', avs: 'match', cvv: 'match' } };
    const forged = await signedWebhook(body, clock.now(), 'whsec_not_the_right_secret_at_all');
    expect(forged.statusCode).toBe(400);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.status).toBe('placed');
    const stale = await signedWebhook(body, new Date(now - 3600_000));
    expect(stale.statusCode).toBe(400);
    const ok = await signedWebhook(body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ received: true, outcome: 'applied' });
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.status).toBe('confirmed');
    const replay = await signedWebhook(body);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().outcome).toBe('duplicate');
    const p = await paymentsOf(t, o.id);
    expect(p.items[0].transactions.filter((x: any) => x.kind === 'authorization').map((x: any) => x.status)).toEqual(['requires_action', 'succeeded']);
    expect((await events(o.id)).filter((e) => e.type === 'order.confirmed')).toHaveLength(1);
  });

  it('refuses payments that do not add up to the total, naming the field, and writes nothing', async () => {
    const res = await t.api('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: 'x@example.com', name: 'X' },
      shippingAddress: { line1: 'a', city: 'b', postalCode: '10115', country: 'DE' },
      lines: [{ sku: 'SKU-B', quantity: 1 }],
      payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success', amount: { amount: 100, currency: 'EUR' } }],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('payments');
    const list = await t.api('GET', '/api/v1/orders?email=x@example.com');
    expect(list.body.items).toHaveLength(0);
  });
});

describe('capture, void and refund with the order lifecycle', () => {
  it('captures per shipment: lines pro rata, shipping and tax with the first, the exact remainder with the last', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 3, amount: 1000 }, { sku: 'SKU-B', quantity: 1, amount: 1990 }], sandboxPay('pm_sandbox_success'), {
      shipping: { amount: 495, currency: 'EUR' },
      tax: { amount: 101, currency: 'EUR' },
      discount: { amount: 100, currency: 'EUR' },
    });
    const total = 3000 + 1990 + 495 + 101 - 100;
    expect(o.totals.total.amount).toBe(total);
    const [a, b] = o.lines;
    // Discount 100 over line totals 3000 / 1990 by largest remainder: 60 / 40 → nets 2940 / 1950.
    await ship(t, o.id, [{ lineId: a.id, quantity: 1 }]);
    let p = (await paymentsOf(t, o.id)).items[0];
    expect(p.captured.amount).toBe(980 + 495 + 101);
    expect(p.status).toBe('partially_captured');
    await ship(t, o.id, [{ lineId: a.id, quantity: 1 }]);
    p = (await paymentsOf(t, o.id)).items[0];
    expect(p.captured.amount).toBe(1960 + 495 + 101);
    await ship(t, o.id, [{ lineId: a.id, quantity: 1 }, { lineId: b.id, quantity: 1 }]);
    const all = await paymentsOf(t, o.id);
    expect(all.items[0].captured.amount).toBe(total);
    expect(all.status).toBe('captured');
    expect(all.items[0].transactions.filter((x: any) => x.kind === 'capture').map((x: any) => x.amount.amount)).toEqual([1576, 980, total - 2556]);
    // A replayed shipment event captures nothing more.
    await t.drain();
    expect((await paymentsOf(t, o.id)).items[0].captured.amount).toBe(total);
  });

  it('cancel before capture → the authorization is voided', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 2 }], sandboxPay('pm_sandbox_success'));
    const c = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'customer changed mind' });
    expect(c.status).toBe(200);
    await t.drain();
    const p = await paymentsOf(t, o.id);
    expect(p.items[0]).toMatchObject({ status: 'voided', voided: { amount: 3980 }, captured: { amount: 0 } });
    expect(p.status).toBe('unpaid');
  });

  it('a partial line cancel before shipment releases the value of those lines', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 2 }, { sku: 'SKU-B', quantity: 1 }], sandboxPay('pm_sandbox_success'));
    const c = await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'out of gift wrap', lines: [{ lineId: o.lines[0].id, quantity: 1 }] });
    expect(c.status).toBe(200);
    await t.drain();
    let p = (await paymentsOf(t, o.id)).items[0];
    expect(p.voided.amount).toBe(4990);
    expect(p.capturable.amount).toBe(4990 + 1990);
    await ship(t, o.id, [{ lineId: o.lines[0].id, quantity: 1 }, { lineId: o.lines[1].id, quantity: 1 }]);
    p = (await paymentsOf(t, o.id)).items[0];
    expect(p).toMatchObject({ captured: { amount: 6980 }, voided: { amount: 4990 }, status: 'captured' });
  });

  it('cancel after capture (capture-at-placement channel) → refunded', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-B', quantity: 1 }], sandboxPay('pm_sandbox_success'), { channel: 'pos' });
    expect(o.payment.items[0]).toMatchObject({ status: 'captured', captured: { amount: 1990 } });
    await t.api('POST', `/api/v1/orders/${o.id}/cancel`, { reason: 'returned at the till' });
    await t.drain();
    const p = await paymentsOf(t, o.id);
    expect(p.items[0]).toMatchObject({ status: 'refunded', refunded: { amount: 1990 } });
    expect(p.status).toBe('refunded');
    expect(p.items[0].transactions.find((x: any) => x.kind === 'refund').reason).toBe('returned at the till');
  });

  it('refund beyond captured → 409 naming the limit, also when a second refund would exceed it together', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 1 }], sandboxPay('pm_sandbox_success'));
    const pid = o.payment.items[0].id;
    const url = `/api/v1/orders/${o.id}/payments/${pid}`;
    const cap = await t.api('POST', `${url}/capture`, { amount: { amount: 3000, currency: 'EUR' } });
    expect(cap.status, JSON.stringify(cap.body)).toBe(200);
    const over = await t.api('POST', `${url}/capture`, { amount: { amount: 2000, currency: 'EUR' } });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'payment_limit_exceeded', limit: { amount: 1990, currency: 'EUR' } });
    const r1 = await t.api('POST', `${url}/refund`, { amount: { amount: 2000, currency: 'EUR' }, reason: 'late delivery' });
    expect(r1.status).toBe(200);
    const r2 = await t.api('POST', `${url}/refund`, { amount: { amount: 1001, currency: 'EUR' }, reason: 'again' });
    expect(r2.status).toBe(409);
    expect(r2.headers['content-type']).toContain('application/problem+json');
    expect(r2.body.limit).toEqual({ amount: 1000, currency: 'EUR' });
    expect(r2.body.detail).toContain('10.00 EUR');
    const p = (await paymentsOf(t, o.id)).items[0];
    expect(p).toMatchObject({ captured: { amount: 3000 }, refunded: { amount: 2000 }, status: 'partially_refunded' });
  });

  it('refunds by line quantities and as a free amount with a reason; Idempotency-Key makes a retry safe', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 3, amount: 1000 }], sandboxPay('pm_sandbox_success'), { channel: 'pos' });
    const pid = o.payment.items[0].id;
    const url = `/api/v1/orders/${o.id}/payments/${pid}/refund`;
    const headers = { 'idempotency-key': `refund-${o.id}` };
    const r1 = await t.api('POST', url, { lines: [{ lineId: o.lines[0].id, quantity: 1 }], reason: 'damaged' }, { headers });
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    const r1again = await t.api('POST', url, { lines: [{ lineId: o.lines[0].id, quantity: 1 }], reason: 'damaged' }, { headers });
    expect(r1again.status).toBe(200);
    expect(r1again.body.refunded.amount).toBe(1000);
    const r2 = await t.api('POST', url, { amount: { amount: 250, currency: 'EUR' }, reason: 'appeasement' });
    expect(r2.body.refunded.amount).toBe(1250);
    const r3 = await t.api('POST', url, { lines: [{ lineId: o.lines[0].id, quantity: 3 }], reason: 'too many' });
    expect(r3.status).toBe(400);
    expect(r3.body.errors[0].path).toBe('lines.0.quantity');
    const r4 = await t.api('POST', url, { lines: [{ lineId: o.lines[0].id, quantity: 2 }], reason: 'rest' });
    expect(r4.status).toBe(409); // 2000 > 1750 left
    const refunds = r2.body.transactions.filter((x: any) => x.kind === 'refund');
    expect(refunds.map((x: any) => [x.amount.amount, x.reason])).toEqual([[1000, 'damaged'], [250, 'appeasement']]);
    expect(refunds[0].lines).toEqual([{ lineId: o.lines[0].id, quantity: 1 }]);
  });

  it('a gift card and a card: captures fill the first payment first', async () => {
    const o = await placePaid(t, [{ sku: 'SKU-A', quantity: 2 }], [
      { provider: 'sandbox', paymentMethod: 'pm_sandbox_success', amount: { amount: 3000, currency: 'EUR' } },
      { provider: 'sandbox', paymentMethod: 'pm_sandbox_cvv_no_match' },
    ]);
    expect(o.status).toBe('confirmed');
    expect(o.payment.items.map((p: any) => p.amount.amount)).toEqual([3000, 6980]);
    await ship(t, o.id, [{ lineId: o.lines[0].id, quantity: 1 }]);
    const p = await paymentsOf(t, o.id);
    expect(p.items.map((x: any) => x.captured.amount)).toEqual([3000, 1990]);
  });
});

describe('multi-currency amounts with their exponent', () => {
  it.each([
    ['JPY', 1999, 0],
    ['EUR', 1999, 2],
    ['BHD', 12345, 3],
  ])('%s: captured and refunded to the minor unit', async (currency, price) => {
    const sku = `SKU-${currency}`;
    const mk = await t.api('POST', '/api/v1/products', { sku, name: `Item ${currency}`, price: { amount: price, currency } });
    expect(mk.status).toBe(201);
    await t.api('POST', '/api/v1/inventory/adjustments', { sku, locationCode: 'BER', delta: 10, reason: 'receipt' });
    const res = await t.api('POST', '/api/v1/orders', {
      channel: 'web',
      customer: { email: `${currency}@example.com`, name: 'M' },
      shippingAddress: { line1: 'a', city: 'b', postalCode: '10115', country: 'DE' },
      lines: [{ sku, quantity: 3, unitPrice: { amount: price, currency } }],
      payments: [{ provider: 'sandbox', paymentMethod: 'pm_sandbox_success' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const o = res.body;
    expect(o.payment.items[0].amount).toEqual({ amount: price * 3, currency });
    await ship(t, o.id, [{ lineId: o.lines[0].id, quantity: 1 }]);
    await ship(t, o.id, [{ lineId: o.lines[0].id, quantity: 2 }]);
    const pid = o.payment.items[0].id;
    const r = await t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/refund`, { amount: { amount: 7, currency }, reason: 'rounding check' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ captured: { amount: price * 3, currency }, refunded: { amount: 7, currency }, refundable: { amount: price * 3 - 7, currency } });
    const caps = r.body.transactions.filter((x: any) => x.kind === 'capture').map((x: any) => x.amount.amount);
    expect(caps).toEqual([price, price * 2]);
    const wrong = await t.api('POST', `/api/v1/orders/${o.id}/payments/${pid}/refund`, { amount: { amount: 1, currency: currency === 'EUR' ? 'USD' : 'EUR' }, reason: 'x' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].path).toBe('amount.currency');
  });
});
