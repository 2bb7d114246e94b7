import { createRequire } from 'node:module';
import type Stripe from 'stripe';
import {
  WebhookSignatureError,
  type AuthorizeResult,
  type Avs,
  type Cvv,
  type OperationRequest,
  type OperationResult,
  type PaymentProvider,
  type WebhookEvent,
} from './provider.js';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** e.g. `http://127.0.0.1:12111`: host, port and protocol for the SDK (tests, stripe-mock). */
  apiBase?: string | undefined;
}

type Checks = { address_line1_check?: string | null; address_postal_code_check?: string | null; cvc_check?: string | null } | null | undefined;

function avsOf(c: Checks): Avs {
  const checks = [c?.address_line1_check, c?.address_postal_code_check].filter((x) => x === 'pass' || x === 'fail');
  if (checks.length === 0) return 'unavailable';
  const pass = checks.filter((x) => x === 'pass').length;
  return pass === checks.length ? 'match' : pass > 0 ? 'partial' : 'no_match';
}
const cvvOf = (c: Checks): Cvv => (c?.cvc_check === 'pass' ? 'match' : c?.cvc_check === 'fail' ? 'no_match' : 'unavailable');

/** The card facts of a PaymentIntent's latest charge (expanded), if present. */
function cardFacts(pi: Stripe.PaymentIntent): { avs?: Avs; cvv?: Cvv; fingerprint?: string } {
  const charge = typeof pi.latest_charge === 'object' && pi.latest_charge ? pi.latest_charge : undefined;
  const card = charge?.payment_method_details?.card;
  if (!card) return {};
  return { avs: avsOf(card.checks), cvv: cvvOf(card.checks), ...(card.fingerprint ? { fingerprint: card.fingerprint } : {}) };
}

/** Keeps what the ledger needs of a PaymentIntent; drops the client secret and card details. */
function slimIntent(pi: Stripe.PaymentIntent): Record<string, unknown> {
  return {
    id: pi.id,
    object: pi.object,
    status: pi.status,
    amount: pi.amount,
    amount_capturable: pi.amount_capturable,
    amount_received: pi.amount_received,
    currency: pi.currency,
    capture_method: pi.capture_method,
    latest_charge: typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? null),
    last_payment_error: pi.last_payment_error ? { code: pi.last_payment_error.code ?? null, decline_code: pi.last_payment_error.decline_code ?? null, type: pi.last_payment_error.type } : null,
  };
}

function fromIntent(pi: Stripe.PaymentIntent): AuthorizeResult {
  const facts = cardFacts(pi);
  const raw = slimIntent(pi);
  switch (pi.status) {
    case 'requires_capture':
      return { outcome: 'authorized', providerReference: pi.id, authorizedAmount: BigInt(pi.amount_capturable), ...facts, raw };
    case 'succeeded':
      return { outcome: 'authorized', providerReference: pi.id, authorizedAmount: BigInt(pi.amount_received), ...facts, raw };
    case 'requires_action':
    case 'requires_confirmation':
    case 'processing':
      return { outcome: 'requires_action', providerReference: pi.id, authorizedAmount: 0n, failureCode: pi.status, ...facts, raw };
    default: {
      const err = pi.last_payment_error;
      return { outcome: 'declined', providerReference: pi.id, authorizedAmount: 0n, failureCode: err ? declineCode(err) : pi.status, failureMessage: err?.message, ...facts, raw };
    }
  }
}

/** Stripe's decline reason when it says more than "generic", else the error code (card_declined, expired_card, …). */
const declineCode = (e: { decline_code?: string | null | undefined; code?: string | null | undefined }) =>
  (e.decline_code && e.decline_code !== 'generic_decline' ? e.decline_code : e.code) ?? 'card_declined';

/**
 * The SDK (~20 MB resident) loads when a Stripe provider is created, i.e. only when Stripe is
 * configured, not at every start (docs/benchmarks.md). Synchronously (require, the SDK's CommonJS
 * build), so that creating the provider and verifying a webhook stay synchronous as before.
 */
let sdk: typeof Stripe | undefined;
const loadStripe = (): typeof Stripe => (sdk ??= createRequire(import.meta.url)('stripe') as typeof Stripe);

const isStripeError = (e: unknown): e is Stripe.errors.StripeError => sdk !== undefined && e instanceof sdk.errors.StripeError;

/**
 * Stripe through the official SDK: PaymentIntents with `capture_method: manual` (authorize now,
 * capture on shipment), `amount_to_capture` for partial captures, cancel to void, refunds with an
 * amount. Every call carries Ordo's idempotency key as Stripe's `Idempotency-Key`.
 */
export function createStripeProvider(settings: StripeSettings): PaymentProvider {
  const base = settings.apiBase ? new URL(settings.apiBase) : undefined;
  const StripeSdk = loadStripe();
  const stripe = new StripeSdk(settings.secretKey, {
    maxNetworkRetries: 2,
    telemetry: false,
    ...(base ? { host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), protocol: base.protocol.replace(':', '') as 'http' | 'https' } : {}),
  });
  const failed = (e: unknown): OperationResult => {
    if (!isStripeError(e) || (e.statusCode ?? 500) >= 500 || e.type === 'StripeConnectionError') throw e; // transient: retried by the caller
    return { ok: false, providerReference: null, failureCode: e.code ?? e.type, failureMessage: e.message, raw: { error: { type: e.type, code: e.code ?? null, message: e.message } } };
  };
  return {
    name: 'stripe',
    async authorize(req) {
      try {
        const pi = await stripe.paymentIntents.create(
          {
            amount: Number(req.amount),
            currency: req.currency.toLowerCase(),
            payment_method: req.paymentMethod,
            capture_method: 'manual',
            confirm: true,
            automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
            metadata: { ordo_order_id: req.metadata.orderId, ordo_payment_id: req.metadata.paymentId },
            expand: ['latest_charge'],
          },
          { idempotencyKey: req.idempotencyKey },
        );
        return fromIntent(pi);
      } catch (e) {
        if (isStripeError(e) && e.type === 'StripeCardError') {
          const pi = (e.raw as { payment_intent?: Stripe.PaymentIntent } | undefined)?.payment_intent;
          return { outcome: 'declined', providerReference: pi?.id ?? null, authorizedAmount: 0n, failureCode: declineCode(e), failureMessage: e.message, raw: { error: { type: e.type, code: e.code ?? null, decline_code: e.decline_code ?? null } } };
        }
        if (isStripeError(e) && (e.statusCode ?? 500) < 500 && e.type !== 'StripeConnectionError') {
          return { outcome: 'failed', providerReference: null, authorizedAmount: 0n, failureCode: e.code ?? e.type, failureMessage: e.message, raw: { error: { type: e.type, code: e.code ?? null } } };
        }
        throw e;
      }
    },
    async capture(req: OperationRequest) {
      try {
        const pi = await stripe.paymentIntents.capture(
          req.providerReference,
          { amount_to_capture: Number(req.amount), ...(req.final ? {} : { final_capture: false }) },
          { idempotencyKey: req.idempotencyKey },
        );
        return { ok: true, providerReference: pi.id, raw: slimIntent(pi) };
      } catch (e) {
        return failed(e);
      }
    },
    async void(req) {
      // Stripe cannot reverse part of an authorization: a partial release is bookkept by Ordo and
      // the uncaptured rest is released by Stripe at the final capture.
      if (!req.final) return { ok: true, providerReference: null, raw: { local: 'partial release; Stripe releases the remainder at the final capture' } };
      try {
        const pi = await stripe.paymentIntents.cancel(req.providerReference, {}, { idempotencyKey: req.idempotencyKey });
        return { ok: true, providerReference: pi.id, raw: slimIntent(pi) };
      } catch (e) {
        return failed(e);
      }
    },
    async refund(req) {
      try {
        const r = await stripe.refunds.create(
          { payment_intent: req.providerReference, amount: Number(req.amount), metadata: req.reason ? { reason: req.reason.slice(0, 500) } : {} },
          { idempotencyKey: req.idempotencyKey },
        );
        const ok = r.status === 'succeeded' || r.status === 'pending';
        return { ok, providerReference: r.id, ...(ok ? {} : { failureCode: r.failure_reason ?? r.status ?? 'failed' }), raw: { id: r.id, object: r.object, amount: r.amount, currency: r.currency, status: r.status, payment_intent: r.payment_intent, charge: r.charge } };
      } catch (e) {
        return failed(e);
      }
    },
    parseAndVerifyWebhook(rawBody, headers): WebhookEvent {
      const sig = headers['stripe-signature'];
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, Array.isArray(sig) ? sig[0]! : (sig ?? ''), settings.webhookSecret);
      } catch (e) {
        throw new WebhookSignatureError(e instanceof Error ? e.message : 'Invalid Stripe signature');
      }
      const base = { id: event.id, type: event.type, raw: { id: event.id, type: event.type, created: event.created } };
      switch (event.type) {
        case 'payment_intent.amount_capturable_updated': {
          const pi = event.data.object;
          return { ...base, kind: 'authorized', providerReference: pi.id, amount: BigInt(pi.amount_capturable), ...cardFacts(pi) };
        }
        case 'payment_intent.succeeded': {
          const pi = event.data.object;
          return { ...base, kind: 'captured', providerReference: pi.id, amount: BigInt(pi.amount_received), ...cardFacts(pi) };
        }
        case 'payment_intent.payment_failed': {
          const pi = event.data.object;
          const err = pi.last_payment_error;
          return { ...base, kind: 'authorization_failed', providerReference: pi.id, failureCode: err ? declineCode(err) : 'payment_failed', failureMessage: err?.message };
        }
        case 'charge.refunded': {
          const ch = event.data.object;
          const pi = typeof ch.payment_intent === 'string' ? ch.payment_intent : (ch.payment_intent?.id ?? null);
          return { ...base, kind: 'refunded', providerReference: pi, amount: BigInt(ch.amount_refunded) };
        }
        default:
          return { ...base, kind: 'ignored', providerReference: null };
      }
    },
  };
}
