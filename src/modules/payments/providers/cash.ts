import { WebhookSignatureError, type OperationRequest, type OperationResult, type PaymentProvider } from './provider.js';

/**
 * Cash at a store's till: the "gateway" is the cash drawer, so every answer is given in process — no
 * network call, no webhook, never declined. Authorization means the clerk counted the money; capture,
 * void and refund only record what happened at the drawer (a refund is the cash handed back). The
 * reference is the payment's own idempotency key, so a repeated call gives the same answer.
 */
export function createCashProvider(): PaymentProvider {
  const op = (kind: string, req: OperationRequest): OperationResult => ({
    ok: true,
    providerReference: req.providerReference,
    raw: { object: `cash.${kind}`, amount: Number(req.amount), currency: req.currency, status: 'succeeded' },
  });
  return {
    name: 'cash',
    async authorize(req) {
      const ref = `cash_${req.metadata.paymentId}`;
      return { outcome: 'authorized', providerReference: ref, authorizedAmount: req.amount, raw: { object: 'cash.tender', amount: Number(req.amount), currency: req.currency, status: 'authorized' } };
    },
    capture: async (req) => op('capture', req),
    void: async (req) => op('void', req),
    refund: async (req) => op('refund', req),
    parseAndVerifyWebhook() {
      throw new WebhookSignatureError('Cash payments have no webhooks');
    },
  };
}
