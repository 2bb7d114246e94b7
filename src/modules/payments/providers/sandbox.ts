import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../platform/clock.js';
import {
  WebhookSignatureError,
  type AuthorizeRequest,
  type AuthorizeResult,
  type Avs,
  type Cvv,
  type OperationRequest,
  type OperationResult,
  type PaymentProvider,
  type WebhookEvent,
} from './provider.js';

/**
 * The sandbox gateway: deterministic, offline, documented test tokens (docs/payments.md). It keeps no
 * state: every answer is a function of the token, the amount and the idempotency key, so a retried
 * call with the same key gets the same answer, like a real gateway. Ordo's own bookkeeping (row locks
 * and CHECKs) prevents over-capture, so the sandbox does not need to.
 */
interface TokenBehaviour {
  outcome: AuthorizeResult['outcome'];
  code?: string;
  message?: string;
  avs?: Avs;
  cvv?: Cvv;
  captureFails?: boolean;
  refundFails?: boolean;
}

export const sandboxTokens: Record<string, TokenBehaviour> = {
  pm_sandbox_success: { outcome: 'authorized', avs: 'match', cvv: 'match' },
  pm_sandbox_declined: { outcome: 'declined', code: 'card_declined', message: 'Your card was declined.' },
  pm_sandbox_insufficient_funds: { outcome: 'declined', code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  pm_sandbox_expired_card: { outcome: 'declined', code: 'expired_card', message: 'Your card has expired.' },
  pm_sandbox_authentication_required: { outcome: 'requires_action', code: 'authentication_required', message: 'The card requires 3-D Secure authentication.' },
  pm_sandbox_processing_error: { outcome: 'failed', code: 'processing_error', message: 'An error occurred while processing the card.' },
  pm_sandbox_avs_no_match: { outcome: 'authorized', avs: 'no_match', cvv: 'match' },
  pm_sandbox_avs_partial: { outcome: 'authorized', avs: 'partial', cvv: 'match' },
  pm_sandbox_avs_unavailable: { outcome: 'authorized', avs: 'unavailable', cvv: 'unavailable' },
  pm_sandbox_cvv_no_match: { outcome: 'authorized', avs: 'match', cvv: 'no_match' },
  pm_sandbox_capture_declined: { outcome: 'authorized', avs: 'match', cvv: 'match', captureFails: true },
  pm_sandbox_refund_declined: { outcome: 'authorized', avs: 'match', cvv: 'match', refundFails: true },
};

/** Hash rendered in letters only (a–p), so references never look like numbers in logs. */
const letters = (s: string, n: number) =>
  createHash('sha256')
    .update(s)
    .digest('hex')
    .slice(0, n)
    .replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)));

export const sandboxFingerprint = (token: string) => `sbxfp_${letters(`fp:${token}`, 16)}`;
/** The reference encodes the token so later calls (capture, refund) behave as the token says. */
const reference = (token: string, key: string) => `sbx_pi_${letters(key, 20)}_${token.replace(/^pm_sandbox_/, '')}`;
const tokenOf = (ref: string) => `pm_sandbox_${ref.split('_').slice(3).join('_')}`;

export const sandboxSignatureHeader = 'ordo-sandbox-signature';
const TOLERANCE_S = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, like Stripe's scheme. */
export function signSandboxPayload(secret: string, rawBody: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

export interface SandboxWebhookBody {
  id: string;
  type: 'payment.authorized' | 'payment.failed' | 'payment.captured' | 'payment.refunded';
  created: number;
  data: { reference: string; amount: number; currency: string; avs?: Avs; cvv?: Cvv; fingerprint?: string; failureCode?: string; failureMessage?: string };
}

export function createSandboxProvider(opts: { webhookSecret: string; clock: Clock }): PaymentProvider {
  const op = (kind: string, req: OperationRequest, fails: boolean): OperationResult => {
    const ref = `sbx_${kind}_${letters(req.idempotencyKey, 20)}`;
    const raw = { id: ref, object: kind, amount: Number(req.amount), currency: req.currency.toLowerCase(), payment: req.providerReference, status: fails ? 'failed' : 'succeeded' };
    return fails ? { ok: false, providerReference: ref, failureCode: `${kind}_declined`, failureMessage: `The sandbox declined the ${kind}.`, raw } : { ok: true, providerReference: ref, raw };
  };
  return {
    name: 'sandbox',
    async authorize(req: AuthorizeRequest): Promise<AuthorizeResult> {
      const b = sandboxTokens[req.paymentMethod];
      if (!b) {
        return { outcome: 'declined', providerReference: null, authorizedAmount: 0n, failureCode: 'invalid_payment_method', failureMessage: 'Unknown sandbox test token (see docs/payments.md).', raw: { error: 'invalid_payment_method' } };
      }
      const ref = reference(req.paymentMethod, req.idempotencyKey);
      const fingerprint = sandboxFingerprint(req.paymentMethod);
      const authorized = b.outcome === 'authorized' ? req.amount : 0n;
      const raw = { id: ref, object: 'sandbox.authorization', amount: Number(req.amount), currency: req.currency.toLowerCase(), status: b.outcome, code: b.code ?? null, avs: b.avs ?? null, cvv: b.cvv ?? null, fingerprint };
      return { outcome: b.outcome, providerReference: ref, authorizedAmount: authorized, failureCode: b.code, failureMessage: b.message, avs: b.avs, cvv: b.cvv, fingerprint, raw };
    },
    async capture(req) {
      return op('capture', req, sandboxTokens[tokenOf(req.providerReference)]?.captureFails === true);
    },
    async void(req) {
      return op('void', req, false);
    },
    async refund(req) {
      return op('refund', req, sandboxTokens[tokenOf(req.providerReference)]?.refundFails === true);
    },
    parseAndVerifyWebhook(rawBody, headers): WebhookEvent {
      const header = headers[sandboxSignatureHeader];
      const value = Array.isArray(header) ? header[0] : header;
      const parts = Object.fromEntries((value ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
      const t = Number(parts.t);
      if (!value || !Number.isInteger(t) || !parts.v1) throw new WebhookSignatureError(`Missing or malformed ${sandboxSignatureHeader} header`);
      if (Math.abs(opts.clock.now().getTime() / 1000 - t) > TOLERANCE_S) throw new WebhookSignatureError('Webhook timestamp is outside the tolerance');
      const expected = createHmac('sha256', opts.webhookSecret).update(`${t}.`).update(rawBody).digest();
      const given = Buffer.from(parts.v1, 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new WebhookSignatureError('Webhook signature does not match');
      const body = JSON.parse(rawBody.toString('utf8')) as SandboxWebhookBody;
      const d = body.data ?? ({} as SandboxWebhookBody['data']);
      const kind = ({ 'payment.authorized': 'authorized', 'payment.failed': 'authorization_failed', 'payment.captured': 'captured', 'payment.refunded': 'refunded' } as const)[body.type] ?? 'ignored';
      return {
        id: String(body.id),
        type: String(body.type),
        kind,
        providerReference: d.reference ?? null,
        amount: d.amount === undefined ? undefined : BigInt(d.amount),
        failureCode: d.failureCode,
        failureMessage: d.failureMessage,
        avs: d.avs,
        cvv: d.cvv,
        fingerprint: d.fingerprint,
        raw: body as unknown as Record<string, unknown>,
      };
    },
  };
}
