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

export const returnsEvents = [returnRequested, returnStatusChanged, returnPolicyUpdated] as const;
