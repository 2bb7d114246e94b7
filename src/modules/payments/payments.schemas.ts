import { z } from 'zod';
import { moneySchema, type MoneyJson } from '../../platform/http/schemas.js';
import { gatewayProviders, paymentProviders, paymentStatuses, type PaymentProviderName } from '../../platform/db/schema/index.js';
import { orderPaymentStatuses } from '../../domain/payments/payment-status.js';

/** A gateway token or payment-method id (pm_…, tok_…); card numbers are refused app-wide. */
const paymentMethod = z
  .string()
  .trim()
  .min(3)
  .max(255)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'must be a gateway token or payment-method id such as pm_sandbox_success or pm_…');

/** One payment in POST /orders: the amount defaults to the order total, or what the others leave. */
export const placementPaymentSchema = z
  .object({
    provider: z.enum(gatewayProviders),
    paymentMethod,
    amount: moneySchema.optional().describe('Defaults to the order total, or the remainder after the other payments'),
  })
  .meta({ id: 'PlacementPayment' });

/**
 * A payment written at placement. Over HTTP only gateways (placementPaymentSchema); the point of sale
 * also passes `cash` with what the customer handed over (`tendered`, at least the cash amount).
 */
export type PlacementPaymentInput = Omit<z.output<typeof placementPaymentSchema>, 'provider'> & {
  provider: PaymentProviderName;
  tendered?: MoneyJson | undefined;
};

export const paymentTransactionSchema = z.object({
  id: z.string(),
  kind: z.enum(['authorization', 'capture', 'void', 'refund']),
  status: z.enum(['succeeded', 'failed', 'requires_action']),
  amount: moneySchema,
  providerReference: z.string().nullable(),
  reason: z.string().nullable(),
  lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int() })).nullable(),
  source: z.string(),
  createdAt: z.string(),
});

export const paymentSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    seq: z.number().int(),
    provider: z.enum(paymentProviders),
    paymentMethod: z.string(),
    providerReference: z.string().nullable(),
    status: z.enum(paymentStatuses),
    amount: moneySchema,
    authorized: moneySchema,
    captured: moneySchema,
    refunded: moneySchema,
    voided: moneySchema,
    capturable: moneySchema.describe('Authorized, not yet captured, voided or in flight'),
    refundable: moneySchema.describe('Captured, not yet refunded or in flight'),
    pending: z.object({ capture: moneySchema, refund: moneySchema, void: moneySchema }),
    failure: z.object({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
    avs: z.string().nullable(),
    cvv: z.string().nullable(),
    fingerprint: z.string().nullable(),
    tendered: moneySchema.nullable().describe('Cash: what the customer handed over'),
    change: moneySchema.nullable().describe('Cash: the change given back (tendered − amount)'),
    createdAt: z.string(),
    updatedAt: z.string(),
    transactions: z.array(paymentTransactionSchema),
  })
  .meta({ id: 'Payment' });

export type PaymentJson = z.infer<typeof paymentSchema>;

export const orderPaymentsSchema = z
  .object({
    orderId: z.string(),
    status: z.enum(orderPaymentStatuses).describe('Derived from the payments: unpaid, authorized, partially_captured, captured, partially_refunded, refunded, failed'),
    total: moneySchema,
    items: z.array(paymentSchema),
  })
  .meta({ id: 'OrderPayments' });

export type OrderPaymentsJson = z.infer<typeof orderPaymentsSchema>;

const reason = z.string().trim().min(1, 'is required').max(500);

export const captureBody = z
  .object({ amount: moneySchema.optional().describe('Defaults to everything capturable') })
  .meta({ id: 'CapturePayment' });

export const voidBody = z.object({ reason: reason.optional() }).meta({ id: 'VoidPayment' });

export const refundBody = z
  .object({
    amount: moneySchema.optional().describe('A free amount (appeasement); give either amount or lines'),
    lines: z
      .array(z.object({ lineId: z.uuid('must be an order line id'), quantity: z.number().int().min(1, 'must be at least 1') }))
      .min(1)
      .optional()
      .describe('Refund the value of these quantities of order lines'),
    reason,
  })
  .meta({ id: 'RefundPayment' });

export const authorizeBody = z.object({ paymentMethod }).meta({ id: 'AuthorizePayment' });

export const addPaymentBody = placementPaymentSchema.meta({ id: 'AddPayment' });
