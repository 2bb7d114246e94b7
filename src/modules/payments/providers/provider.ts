import type { PaymentProviderName } from '../../../platform/db/schema/index.js';

export type Avs = 'match' | 'partial' | 'no_match' | 'unavailable';
export type Cvv = 'match' | 'no_match' | 'unavailable';

export interface AuthorizeRequest {
  amount: bigint;
  currency: string;
  /** A gateway token / payment-method id; never a card number. */
  paymentMethod: string;
  /** The same key returns the same result at the gateway (retries after a crash are safe). */
  idempotencyKey: string;
  metadata: { orderId: string; paymentId: string };
}

export interface AuthorizeResult {
  outcome: 'authorized' | 'requires_action' | 'declined' | 'failed';
  providerReference: string | null;
  authorizedAmount: bigint;
  failureCode?: string | undefined;
  failureMessage?: string | undefined;
  avs?: Avs | undefined;
  cvv?: Cvv | undefined;
  fingerprint?: string | undefined;
  /** The gateway's answer, stored in the ledger (no card data: gateways return tokens and last4 at most). */
  raw: Record<string, unknown>;
}

export interface OperationRequest {
  providerReference: string;
  amount: bigint;
  currency: string;
  idempotencyKey: string;
  /** Capture: more captures follow (false) or this is the last one (true). Void: the whole remaining authorization. */
  final: boolean;
  reason?: string | undefined;
}

export interface OperationResult {
  ok: boolean;
  providerReference: string | null;
  failureCode?: string | undefined;
  failureMessage?: string | undefined;
  raw: Record<string, unknown>;
}

/** A gateway event, normalised. */
export interface WebhookEvent {
  id: string;
  type: string;
  kind: 'authorized' | 'authorization_failed' | 'captured' | 'refunded' | 'ignored';
  providerReference: string | null;
  /** authorized: amount capturable; captured: amount received; refunded: total refunded so far. */
  amount?: bigint | undefined;
  failureCode?: string | undefined;
  failureMessage?: string | undefined;
  avs?: Avs | undefined;
  cvv?: Cvv | undefined;
  fingerprint?: string | undefined;
  raw: Record<string, unknown>;
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

/** What Ordo needs from a payment gateway. Amounts are minor units; currencies ISO 4217 upper-case. */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  authorize(req: AuthorizeRequest): Promise<AuthorizeResult>;
  capture(req: OperationRequest): Promise<OperationResult>;
  void(req: OperationRequest): Promise<OperationResult>;
  refund(req: OperationRequest): Promise<OperationResult>;
  /** Verifies the signature over the raw body; throws WebhookSignatureError when it does not match. */
  parseAndVerifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): WebhookEvent;
}
