import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { moneySchema } from '../../platform/http/schemas.js';

const payment = { orderId: z.string(), paymentId: z.string(), provider: z.string(), amount: moneySchema };

/** The payments context's public events (aggregate: the order, so an order's money moves are ordered). */
export const paymentAuthorized = defineEvent({
  type: 'payment.authorized',
  version: 1,
  aggregateType: 'order',
  summary: 'A payment of an order was authorized by its gateway (with AVS/CVV results and a card fingerprint when known).',
  payload: z.object({ ...payment, fingerprint: z.string().optional(), avs: z.string().optional(), cvv: z.string().optional() }),
});

export const paymentActionRequired = defineEvent({
  type: 'payment.action_required',
  version: 1,
  aggregateType: 'order',
  summary: 'A payment needs the customer to act (3-D Secure, redirect) before it can be authorized.',
  payload: z.object({ ...payment, providerReference: z.string().nullable().optional() }),
});

export const paymentFailed = defineEvent({
  type: 'payment.failed',
  version: 1,
  aggregateType: 'order',
  summary: 'A payment authorization was declined or failed.',
  payload: z.object({ ...payment, code: z.string().nullable(), message: z.string().nullable() }),
});

const operation = z.object({
  ...payment,
  transactionId: z.string().optional(),
  reason: z.string().optional(),
  lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int() })).optional(),
  source: z.string(),
});
const failedOperation = operation.extend({ transactionId: z.string(), failureCode: z.string().nullable(), failureMessage: z.string().nullable() });

export const paymentCaptured = defineEvent({
  type: 'payment.captured',
  version: 1,
  aggregateType: 'order',
  summary: 'Money was captured from a payment (at shipment, at placement for some channels, or by hand).',
  payload: operation,
});
export const paymentVoided = defineEvent({
  type: 'payment.voided',
  version: 1,
  aggregateType: 'order',
  summary: 'An authorization (or what is left of it) was voided.',
  payload: operation,
});
export const paymentRefunded = defineEvent({
  type: 'payment.refunded',
  version: 1,
  aggregateType: 'order',
  summary: 'Captured money was refunded (through Ordo, or at the gateway and reported by its webhook).',
  payload: operation,
});
export const paymentCaptureFailed = defineEvent({
  type: 'payment.capture_failed',
  version: 1,
  aggregateType: 'order',
  summary: 'The gateway refused a capture.',
  payload: failedOperation,
});
export const paymentVoidFailed = defineEvent({
  type: 'payment.void_failed',
  version: 1,
  aggregateType: 'order',
  summary: 'The gateway refused a void.',
  payload: failedOperation,
});
export const paymentRefundFailed = defineEvent({
  type: 'payment.refund_failed',
  version: 1,
  aggregateType: 'order',
  summary: 'The gateway refused a refund.',
  payload: failedOperation,
});

export const paymentsEvents = [
  paymentAuthorized,
  paymentActionRequired,
  paymentFailed,
  paymentCaptured,
  paymentVoided,
  paymentRefunded,
  paymentCaptureFailed,
  paymentVoidFailed,
  paymentRefundFailed,
] as const;
