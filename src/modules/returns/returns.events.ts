import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { returnStatuses } from '../../domain/returns/return-states.js';
import { returnReasons } from '../../domain/returns/return-policy.js';

const money = z.object({ amount: z.number().int(), currency: z.string() });

/** The returns context's public events. */
export const returnRequested = defineEvent({
  type: 'return.requested',
  version: 1,
  aggregateType: 'return',
  summary: 'A return (RMA) was requested for units of an order (portal, console or API).',
  payload: z.object({
    returnId: z.uuid(),
    number: z.string(),
    orderId: z.uuid(),
    source: z.enum(['portal', 'console', 'api']),
    resolution: z.enum(['refund', 'store_credit', 'exchange']),
    lines: z.array(z.object({ orderLineId: z.uuid(), sku: z.string(), quantity: z.number().int().positive(), reason: z.enum(returnReasons), value: money, restockingFee: money })),
  }),
});

export const returnStatusChanged = defineEvent({
  type: 'return.status_changed',
  version: 1,
  aggregateType: 'return',
  summary: 'A return moved along its status table (approved, rejected, cancelled, label issued, received, …).',
  payload: z.object({
    returnId: z.uuid(),
    number: z.string(),
    orderId: z.uuid(),
    from: z.enum(returnStatuses),
    to: z.enum(returnStatuses),
    reason: z.string().nullable(),
  }),
});

export const returnPolicyUpdated = defineEvent({
  type: 'return_policy.updated',
  version: 1,
  aggregateType: 'return_policy',
  summary: 'The return policy settings were changed.',
  payload: z.object({ updatedBy: z.string() }),
});



export const returnReceived = defineEvent({
  type: 'return.received',
  version: 1,
  aggregateType: 'return',
  summary: 'A return arrived at a location: each item scanned, graded and given a disposition; unexpected items listed.',
  payload: z.object({
    returnId: z.uuid(),
    number: z.string(),
    orderId: z.uuid(),
    locationCode: z.string(),
    items: z.array(z.object({ code: z.string(), sku: z.string().nullable(), quantity: z.number().int(), condition: z.string(), disposition: z.string(), expected: z.boolean() })),
  }),
});

export const returnCompleted = defineEvent({
  type: 'return.completed',
  version: 1,
  aggregateType: 'return',
  summary: 'A return was settled: refunded to the original payments or credited to the customer’s store credit.',
  payload: z.object({
    returnId: z.uuid(),
    number: z.string(),
    orderId: z.uuid(),
    resolution: z.enum(['refund', 'store_credit', 'exchange']),
    value: money,
    restockingFee: money,
    refunded: money,
    credited: money,
    notRefundable: money.describe('What no payment could take back (nothing captured)'),
  }),
});
export const returnReviewReleased = defineEvent({
  type: 'return.review_released',
  version: 1,
  aggregateType: 'return',
  summary: 'A return held for fraud review was released by a reviewer.',
  payload: z.object({ returnId: z.uuid(), number: z.string(), orderId: z.uuid(), score: z.number().int(), reason: z.string() }),
});

export const returnExchangePlaced = defineEvent({
  type: 'return.exchange_placed',
  version: 1,
  aggregateType: 'return',
  summary: 'An exchange was approved: its replacement order was placed (stock reserved); a positive difference was authorized, a negative one is refunded at receipt.',
  payload: z.object({
    returnId: z.uuid(),
    number: z.string(),
    orderId: z.uuid(),
    exchangeOrderId: z.uuid(),
    exchangeOrderNumber: z.string(),
    value: money.describe('Catalog value of the replacement lines'),
    credit: money.describe('Value of the returned units minus restocking fees'),
    charge: money.describe('value − credit when positive: authorized on the replacement order'),
    refund: money.describe('credit − value when positive: refunded at receipt'),
  }),
});

export const returnsEvents = [returnRequested, returnStatusChanged, returnPolicyUpdated, returnReceived, returnCompleted, returnReviewReleased, returnExchangePlaced] as const;
