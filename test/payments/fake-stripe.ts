/**
 * A loopback Stripe API for tests: a node:http server that answers the PaymentIntent, capture, cancel
 * and refund calls Ordo makes with Stripe's real object shapes (built from the fixtures of Stripe's
 * OpenAPI spec in test/fixtures/payloads/stripe/, see SOURCE.md there), and records every request
 * so tests can assert what Ordo sent (amount_to_capture, idempotency keys, …).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { payloadsDir } from '../support/payloads.js';
import Stripe from 'stripe';

const dir = process.env.ORDO_STRIPE_FIXTURES ?? `${payloadsDir}stripe`;
const fixture = (name: string) => JSON.parse(readFileSync(`${dir}/openapi-fixture_${name}.json`, 'utf8')) as Record<string, any>;

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  idempotencyKey: string | undefined;
}

/** Test payment methods, named like Stripe's own test payment methods. */
export const stripeTestMethods = {
  success: 'pm_card_visa',
  declined: 'pm_card_chargeDeclined',
  actionRequired: 'pm_card_authenticationRequired',
  avsFail: 'pm_card_avsFail',
} as const;

export interface FakeStripe {
  url: string;
  requests: RecordedRequest[];
  secretKey: string;
  webhookSecret: string;
  /** A signed webhook body + Stripe-Signature header, as Stripe would post it. */
  signedEvent(type: string, object: Record<string, unknown>, opts?: { id?: string; secret?: string }): { body: string; signature: string };
  intent(id: string): Record<string, any> | undefined;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const intents = new Map<string, Record<string, any>>();
  const requests: RecordedRequest[] = [];
  const idempotent = new Map<string, { status: number; body: unknown }>();
  let n = 0;
  const secretKey = 'sk_test_ordo_loopback_fake';
  const webhookSecret = 'whsec_ordo_loopback_fake';

  const charge = (pi: Record<string, any>, method: string) => {
    const c = fixture('charge');
    const fail = method === stripeTestMethods.avsFail;
    return {
      ...c,
      id: `ch_test_${pi.id.slice(8)}`,
      amount: pi.amount,
      currency: pi.currency,
      captured: false,
      payment_intent: pi.id,
      payment_method: method,
      payment_method_details: {
        ...c.payment_method_details,
        card: {
          ...c.payment_method_details.card,
          fingerprint: `fp_${method.replace(/[^a-z]/gi, '').slice(0, 12)}`,
          checks: { address_line1_check: fail ? 'fail' : 'pass', address_postal_code_check: fail ? 'fail' : 'pass', cvc_check: 'pass' },
        },
      },
    };
  };

  const handle = (method: string, path: string, p: Record<string, string>): { status: number; body: unknown } => {
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v1/payment_intents') {
      const id = `pi_test_${String(++n).padStart(6, '0')}`;
      const pm = p.payment_method!;
      const pi: Record<string, any> = {
        ...fixture('payment_intent'),
        id,
        amount: Number(p.amount),
        currency: p.currency,
        capture_method: p.capture_method,
        payment_method: pm,
        metadata: Object.fromEntries(Object.entries(p).filter(([k]) => k.startsWith('metadata[')).map(([k, v]) => [k.slice(9, -1), v])),
        amount_capturable: 0,
        amount_received: 0,
        last_payment_error: null,
        next_action: null,
        canceled_at: null,
        client_secret: `${id}_secret_test`,
      };
      if (pm === stripeTestMethods.declined) {
        pi.status = 'requires_payment_method';
        pi.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
        intents.set(id, pi);
        return { status: 402, body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_intent: pi } } };
      }
      if (pm === stripeTestMethods.actionRequired) {
        pi.status = 'requires_action';
        pi.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: {} };
      } else {
        pi.status = 'requires_capture';
        pi.amount_capturable = pi.amount;
      }
      const ch = charge(pi, pm);
      pi.latest_charge = p['expand[0]'] === 'latest_charge' ? ch : ch.id;
      intents.set(id, pi);
      return { status: 200, body: pi };
    }
    if (method === 'POST' && (m = path.match(/^\/v1\/payment_intents\/(pi_[\w]+)\/(capture|cancel)$/))) {
      const pi = intents.get(m[1]!);
      if (!pi) return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${m[1]}'` } } };
      if (m[2] === 'cancel') {
        if (pi.status !== 'requires_capture' && pi.status !== 'requires_action') return { status: 400, body: { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `status ${pi.status}` } } };
        Object.assign(pi, { status: 'canceled', amount_capturable: 0, canceled_at: 1_700_000_000, cancellation_reason: 'requested_by_customer' });
        return { status: 200, body: pi };
      }
      const amount = p.amount_to_capture ? Number(p.amount_to_capture) : pi.amount_capturable;
      if (pi.status !== 'requires_capture' || amount > pi.amount_capturable) {
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'amount_too_large', message: `amount_to_capture ${amount} exceeds ${pi.amount_capturable}` } } };
      }
      const more = p.final_capture === 'false';
      Object.assign(pi, { amount_received: pi.amount_received + amount, amount_capturable: more ? pi.amount_capturable - amount : 0, status: more ? 'requires_capture' : 'succeeded' });
      return { status: 200, body: pi };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = intents.get(p.payment_intent!);
      const amount = Number(p.amount);
      if (!pi || amount > pi.amount_received - (pi.amount_refunded ?? 0)) return { status: 400, body: { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: 'amount exceeds the charge' } } };
      pi.amount_refunded = (pi.amount_refunded ?? 0) + amount;
      return { status: 200, body: { ...fixture('refund'), id: `re_test_${++n}`, amount, currency: pi.currency, payment_intent: pi.id, charge: `ch_test_${pi.id.slice(8)}`, status: 'succeeded' } };
    }
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } } };
  };

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(raw));
    const path = (req.url ?? '/').split('?')[0]!;
    const key = req.headers['idempotency-key'] as string | undefined;
    requests.push({ method: req.method ?? 'GET', path, params, idempotencyKey: key });
    const cacheKey = key ? `${req.method} ${path} ${key}` : undefined;
    const out = (cacheKey && idempotent.get(cacheKey)) || handle(req.method ?? 'GET', path, params);
    if (cacheKey) idempotent.set(cacheKey, out);
    res.writeHead(out.status, { 'content-type': 'application/json', 'request-id': `req_${requests.length}` });
    res.end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signer = new Stripe(secretKey);

  return {
    url,
    requests,
    secretKey,
    webhookSecret,
    intent: (id) => intents.get(id),
    signedEvent(type, object, opts = {}) {
      const event = { ...fixture('event'), id: opts.id ?? `evt_test_${++n}`, type, created: Math.floor(Date.now() / 1000), data: { object } };
      const body = JSON.stringify(event);
      return { body, signature: signer.webhooks.generateTestHeaderString({ payload: body, secret: opts.secret ?? webhookSecret }) };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
