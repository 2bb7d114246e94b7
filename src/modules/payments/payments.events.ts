import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';

/** The payments context's public events (minimal declarations: the fields consumers read). */
const amount = z.looseObject({ amount: z.union([z.number(), z.string()]), currency: z.string() });

export const paymentFailed = defineEvent({
  type: 'payment.failed',
  version: 1,
  aggregateType: 'order',
  summary: 'An authorization was declined by the gateway.',
  payload: z.looseObject({ orderId: z.uuid(), paymentId: z.string(), amount: amount.optional(), code: z.string().nullable().optional(), message: z.string().nullable().optional() }),
});

export const paymentRefunded = defineEvent({
  type: 'payment.refunded',
  version: 1,
  aggregateType: 'order',
  summary: 'Money was refunded to the customer.',
  payload: z.looseObject({ orderId: z.uuid(), paymentId: z.string(), amount, reason: z.string().nullable().optional() }),
});

export const paymentsEvents = [paymentFailed, paymentRefunded] as const;
