/**
 * ONE contract suite, run against both gateway adapters: the sandbox, and Stripe through the official
 * SDK pointed at a loopback Stripe API (fake-stripe.ts) that answers with Stripe's real object shapes.
 * Webhooks are signed for real (HMAC-SHA256 for the sandbox, generateTestHeaderString for Stripe).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/platform/clock.js';
import { createSandboxProvider, sandboxSignatureHeader, signSandboxPayload } from '../../src/modules/payments/providers/sandbox.js';
import { createStripeProvider } from '../../src/modules/payments/providers/stripe.js';
import { WebhookSignatureError, type PaymentProvider } from '../../src/modules/payments/providers/provider.js';
import { startFakeStripe, stripeTestMethods, type FakeStripe } from './fake-stripe.js';

interface Harness {
  provider: PaymentProvider;
  methods: { success: string; declined: string; actionRequired: string; avsFail: string };
  /** A signed "authorization completed" webhook for a reference, with its headers. */
  authorizedWebhook(reference: string, amount: number, opts?: { id?: string; badSecret?: boolean }): { raw: Buffer; headers: Record<string, string> };
  /** What the gateway received for the last call, when it can tell (Stripe: the loopback server's log). */
  lastRequest?(): { path: string; params: Record<string, string>; idempotencyKey: string | undefined };
}

let stripe: FakeStripe;
beforeAll(async () => {
  stripe = await startFakeStripe();
});
afterAll(() => stripe.close());

const sandboxSecret = 'whsec_contract_sandbox_secret';
const harnesses: Array<[string, () => Harness]> = [
  [
    'sandbox',
    () => ({
      provider: createSandboxProvider({ webhookSecret: sandboxSecret, clock: systemClock }),
      methods: { success: 'pm_sandbox_success', declined: 'pm_sandbox_declined', actionRequired: 'pm_sandbox_authentication_required', avsFail: 'pm_sandbox_avs_no_match' },
      authorizedWebhook(reference, amount, opts = {}) {
        const raw = JSON.stringify({ id: opts.id ?? `evt_sbx_${reference}`, type: 'payment.authorized', created: Math.floor(Date.now() / 1000), data: { reference, amount, currency: 'EUR', avs: 'match', cvv: 'match' } });
        return { raw: Buffer.from(raw), headers: { [sandboxSignatureHeader]: signSandboxPayload(opts.badSecret ? 'whsec_wrong_wrong_wrong' : sandboxSecret, raw, new Date()) } };
      },
    }),
  ],
  [
    'stripe',
    () => ({
      provider: createStripeProvider({ secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret, apiBase: stripe.url }),
      methods: stripeTestMethods,
      authorizedWebhook(reference, amount, opts = {}) {
        const pi = { ...stripe.intent(reference), amount_capturable: amount, status: 'requires_capture' };
        const { body, signature } = stripe.signedEvent('payment_intent.amount_capturable_updated', pi, { ...(opts.id ? { id: opts.id } : {}), ...(opts.badSecret ? { secret: 'whsec_wrong' } : {}) });
        return { raw: Buffer.from(body), headers: { 'stripe-signature': signature } };
      },
      lastRequest: () => stripe.requests.at(-1)!,
    }),
  ],
];

describe.each(harnesses)('payment provider contract: %s', (name, make) => {
  let h: Harness;
  beforeAll(() => {
    h = make();
  });
  const meta = { orderId: '01900000-0000-7000-8000-000000000001', paymentId: '01900000-0000-7000-8000-000000000002' };
  let key = 0;
  const nextKey = () => `contract-${name}-${Date.now()}-${++key}`;

  it('authorizes a good payment method for the full amount, with AVS, CVV and a stable fingerprint', async () => {
    const a = await h.provider.authorize({ amount: 12345n, currency: 'EUR', paymentMethod: h.methods.success, idempotencyKey: nextKey(), metadata: meta });
    expect(a).toMatchObject({ outcome: 'authorized', authorizedAmount: 12345n, avs: 'match', cvv: 'match' });
    expect(a.providerReference).toBeTruthy();
    expect(a.fingerprint).toBeTruthy();
    const b = await h.provider.authorize({ amount: 100n, currency: 'EUR', paymentMethod: h.methods.success, idempotencyKey: nextKey(), metadata: meta });
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(b.providerReference).not.toBe(a.providerReference);
    if (h.lastRequest) {
      const r = h.lastRequest();
      expect(r.path).toBe('/v1/payment_intents');
      expect(r.params).toMatchObject({ amount: '100', currency: 'eur', capture_method: 'manual', confirm: 'true', payment_method: h.methods.success, 'metadata[ordo_order_id]': meta.orderId });
    }
  });

  it('reports AVS mismatches', async () => {
    const a = await h.provider.authorize({ amount: 500n, currency: 'EUR', paymentMethod: h.methods.avsFail, idempotencyKey: nextKey(), metadata: meta });
    expect(a.outcome).toBe('authorized');
    expect(a.avs).toBe('no_match');
  });

  it('declines a declined card with a code, authorizing nothing', async () => {
    const a = await h.provider.authorize({ amount: 500n, currency: 'EUR', paymentMethod: h.methods.declined, idempotencyKey: nextKey(), metadata: meta });
    expect(a.outcome).toBe('declined');
    expect(a.authorizedAmount).toBe(0n);
    expect(a.failureCode).toMatch(/declined/);
  });

  it('asks for customer action (3-D Secure) and completes through a signed webhook; a wrong signature is refused', async () => {
    const a = await h.provider.authorize({ amount: 700n, currency: 'EUR', paymentMethod: h.methods.actionRequired, idempotencyKey: nextKey(), metadata: meta });
    expect(a.outcome).toBe('requires_action');
    const hook = h.authorizedWebhook(a.providerReference!, 700, { id: `evt_${name}_contract_1` });
    const ev = h.provider.parseAndVerifyWebhook(hook.raw, hook.headers);
    expect(ev).toMatchObject({ id: `evt_${name}_contract_1`, kind: 'authorized', providerReference: a.providerReference, amount: 700n });
    const bad = h.authorizedWebhook(a.providerReference!, 700, { badSecret: true });
    expect(() => h.provider.parseAndVerifyWebhook(bad.raw, bad.headers)).toThrow(WebhookSignatureError);
    const tampered = Buffer.from(hook.raw.toString().replace('700', '70000'));
    expect(() => h.provider.parseAndVerifyWebhook(tampered, hook.headers)).toThrow(WebhookSignatureError);
    expect(() => h.provider.parseAndVerifyWebhook(hook.raw, {})).toThrow(WebhookSignatureError);
  });

  it('captures partially, then the rest, then refunds part, sending exactly those amounts', async () => {
    const a = await h.provider.authorize({ amount: 10000n, currency: 'EUR', paymentMethod: h.methods.success, idempotencyKey: nextKey(), metadata: meta });
    const ref = a.providerReference!;
    const c1 = await h.provider.capture({ providerReference: ref, amount: 2500n, currency: 'EUR', idempotencyKey: 'cap-1-' + ref, final: false });
    expect(c1.ok).toBe(true);
    if (h.lastRequest) expect(h.lastRequest()).toMatchObject({ path: `/v1/payment_intents/${ref}/capture`, params: { amount_to_capture: '2500', final_capture: 'false' }, idempotencyKey: 'cap-1-' + ref });
    const c2 = await h.provider.capture({ providerReference: ref, amount: 7500n, currency: 'EUR', idempotencyKey: 'cap-2-' + ref, final: true });
    expect(c2.ok).toBe(true);
    if (h.lastRequest) {
      expect(h.lastRequest().params).toEqual({ amount_to_capture: '7500' });
      expect(stripe.intent(ref)).toMatchObject({ status: 'succeeded', amount_received: 10000 });
    }
    const r = await h.provider.refund({ providerReference: ref, amount: 1234n, currency: 'EUR', idempotencyKey: 'ref-1-' + ref, final: false, reason: 'damaged' });
    expect(r.ok).toBe(true);
    expect(r.providerReference).toBeTruthy();
    if (h.lastRequest) expect(h.lastRequest()).toMatchObject({ path: '/v1/refunds', params: { payment_intent: ref, amount: '1234' }, idempotencyKey: 'ref-1-' + ref });
  });

  it('voids an uncaptured authorization', async () => {
    const a = await h.provider.authorize({ amount: 999n, currency: 'EUR', paymentMethod: h.methods.success, idempotencyKey: nextKey(), metadata: meta });
    const v = await h.provider.void({ providerReference: a.providerReference!, amount: 999n, currency: 'EUR', idempotencyKey: 'void-' + a.providerReference, final: true });
    expect(v.ok).toBe(true);
    if (h.lastRequest) {
      expect(h.lastRequest().path).toBe(`/v1/payment_intents/${a.providerReference}/cancel`);
      expect(stripe.intent(a.providerReference!)!.status).toBe('canceled');
    }
  });

  it('answers a retried call with the same idempotency key with the same result', async () => {
    const k = nextKey();
    const a = await h.provider.authorize({ amount: 321n, currency: 'EUR', paymentMethod: h.methods.success, idempotencyKey: k, metadata: meta });
    const b = await h.provider.authorize({ amount: 321n, currency: 'EUR', paymentMethod: h.methods.success, idempotencyKey: k, metadata: meta });
    expect(b.providerReference).toBe(a.providerReference);
  });

  it('keeps card data and client secrets out of what it returns for the ledger', async () => {
    const a = await h.provider.authorize({ amount: 321n, currency: 'EUR', paymentMethod: h.methods.success, idempotencyKey: nextKey(), metadata: meta });
    const text = JSON.stringify(a.raw);
    expect(text).not.toMatch(/client_secret|_secret_|"last4"|exp_month/);
  });
});
