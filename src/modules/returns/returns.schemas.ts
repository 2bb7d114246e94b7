import { z } from 'zod';
import { isTimeZone } from '../../domain/local-time.js';
import { returnStatuses } from '../../domain/returns/return-states.js';
import { returnReasons } from '../../domain/returns/return-policy.js';
import { moneySchema } from '../../platform/http/schemas.js';
import { placementPaymentSchema } from '../payments/payments.schemas.js';

const payer = z.enum(['customer', 'merchant']);
const windowDays = z.number().int('must be a whole number of days').min(0).max(3650);
const feeBps = z.number().int('must be whole basis points').min(0).max(10_000, 'at most 10000 (100 %)');
const typeName = z.string().trim().min(1).max(64);

const termsSchema = z.object({
  windowDays,
  restockingFeeBps: feeBps,
  returnShippingPaidBy: payer,
  exchangeAllowed: z.boolean(),
  condition: z.string().max(500).nullable(),
});

export const returnPolicySchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').describe('The shop’s time zone: windows end at local midnight'),
    defaults: termsSchema,
    productTypes: z.array(z.object({ type: typeName, skuPrefixes: z.array(z.string().min(1).max(64)).min(1).max(100) })).max(100).describe('Product types by SKU prefix; first match wins'),
    rules: z
      .array(termsSchema.partial().extend({ channel: z.string().min(1).max(40).optional(), productType: typeName.optional() }))
      .max(200)
      .describe('Overrides per channel and/or product type; the most specific wins (channel + type, then type, then channel)'),
    finalSaleSkus: z.array(z.string().min(1).max(64)).max(10_000),
    fraud: z
      .object({ threshold: z.number().int().min(1).max(1000), highValueAmount: z.number().int().min(0) })
      .optional()
      .describe('Returns fraud: at or above `threshold` points a return is held for review; `highValueAmount` in minor units'),
    portal: z
      .object({ autoApprove: z.boolean(), labelLocationCode: z.string().min(1).max(32).nullable(), labelCarrier: z.string().min(1).max(40).default('ordo-post') })
      .optional()
      .describe('Customer returns portal: approve requests within the policy at once (not when held for fraud review) and issue the label to `labelLocationCode`'),
  })
  .meta({ id: 'ReturnPolicy' });

export const returnPolicyResponse = returnPolicySchema.extend({ updatedAt: z.string().nullable(), updatedBy: z.string().nullable() });
export type ReturnPolicyInput = z.output<typeof returnPolicySchema>;

export const eligibilitySchema = z
  .object({
    orderId: z.string(),
    orderNumber: z.string(),
    deliveredAt: z.string().nullable(),
    lines: z.array(
      z.object({
        lineId: z.string(),
        sku: z.string(),
        eligible: z.boolean(),
        quantity: z.number().int().describe('Units that can still be returned'),
        reason: z.enum(['not_delivered', 'non_returnable', 'final_sale', 'window_expired', 'fully_returned']).nullable(),
        detail: z.string(),
        productType: z.string().nullable(),
        windowEndsAt: z.string().nullable(),
        restockingFeeBps: z.number().int(),
        returnShippingPaidBy: payer,
        exchangeAllowed: z.boolean(),
        condition: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ReturnEligibility' });

export const createReturnBody = z
  .object({
    orderId: z.uuid('must be an order id (UUID)'),
    resolution: z.enum(['refund', 'store_credit', 'exchange']).default('refund'),
    lines: z
      .array(
        z.object({
          orderLineId: z.uuid('must be an order line id (UUID)'),
          quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000),
          reason: z.enum(returnReasons),
          note: z.string().max(1000).optional(),
          exchangeSku: z.string().trim().min(1).max(64).optional().describe('Exchanges only: the SKU to send instead (defaults to the returned SKU: a like-for-like swap)'),
        }),
      )
      .min(1, 'must have at least one line')
      .max(500),
    note: z.string().max(2000).optional(),
  })
  .meta({ id: 'CreateReturn' });
export type CreateReturnInput = z.output<typeof createReturnBody>;

export const decisionBody = z.object({ reason: z.string().trim().min(1, 'is required').max(500) });
export const approveBody = z
  .object({
    reason: z.string().trim().max(500).optional(),
    payment: placementPaymentSchema
      .omit({ amount: true })
      .optional()
      .describe('Exchanges only: how the customer pays the difference when the replacement costs more than the returned units'),
  })
  .meta({ id: 'ApproveReturn' });

export const returnSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    orderId: z.string(),
    orderNumber: z.string(),
    status: z.enum(returnStatuses),
    source: z.enum(['portal', 'console', 'api']),
    resolution: z.enum(['refund', 'store_credit', 'exchange']),
    returnShippingPaidBy: payer,
    note: z.string().nullable(),
    decisionReason: z.string().nullable(),
    fraud: z.object({ score: z.number().int(), heldForReview: z.boolean(), signals: z.array(z.object({ code: z.string(), points: z.number().int(), reason: z.string() })) }),
    label: z.object({ carrier: z.string(), trackingNumber: z.string(), locationCode: z.string(), url: z.string() }).nullable().describe('The return label, once issued'),
    lines: z.array(
      z.object({
        id: z.string(),
        orderLineId: z.string(),
        sku: z.string(),
        quantity: z.number().int(),
        reason: z.enum(returnReasons),
        note: z.string().nullable(),
        value: moneySchema,
        restockingFee: moneySchema,
        exchangeSku: z.string().nullable().describe('Exchanges: the SKU sent instead'),
      }),
    ),
    exchange: z
      .object({
        orderId: z.string().describe('The replacement order, placed (and its stock reserved) at approval'),
        value: moneySchema.describe('Catalog value of the replacement lines'),
        credit: moneySchema.describe('What the returned units are worth toward it (value − restocking fees)'),
        charge: moneySchema.describe('value − credit when the replacement costs more: authorized at approval'),
        refund: moneySchema.describe('credit − value when it costs less: refunded to the original payments at receipt'),
      })
      .nullable()
      .describe('Exchanges, once approved'),
    totals: z.object({ value: moneySchema, restockingFee: moneySchema, refundDue: moneySchema.describe('value − restocking fees') }),
    history: z.array(z.object({ from: z.enum(returnStatuses).nullable(), to: z.enum(returnStatuses), reason: z.string().nullable(), actor: z.string(), at: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Return' });
export type ReturnJson = z.infer<typeof returnSchema>;

export const listReturnsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(returnStatuses).optional(),
  orderId: z.uuid().optional(),
});
