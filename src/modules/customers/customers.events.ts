import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { customerSchema } from './customers.schemas.js';

/** The customers context's public events. */
export const customerCreated = defineEvent({
  type: 'customer.created',
  version: 1,
  aggregateType: 'customer',
  summary: 'A customer record was created (the payload is the customer as the API shows it).',
  payload: customerSchema,
});

export const customerUpdated = defineEvent({
  type: 'customer.updated',
  version: 1,
  aggregateType: 'customer',
  summary: 'A customer record changed: its id and the names of the changed fields.',
  payload: z.object({ id: z.string(), changed: z.array(z.string()) }),
});

/** The record of what a merge moved, ids per table: an undo moves exactly these back. */
export const mergeRecordSchema = z
  .object({
    orders: z.array(z.string()),
    returns: z.array(z.string()),
    notificationMessages: z.array(z.string()),
    riskAssessments: z.array(z.number().int()),
    notes: z.array(z.string()),
    tagsAdded: z.array(z.string()).describe('Tags of the source the target did not have'),
    addresses: z.array(z.object({ id: z.string(), defaultShipping: z.boolean(), defaultBilling: z.boolean() })).describe('With the default flags they had at the source'),
    storeCredit: z.array(z.object({ amount: z.number().int(), currency: z.string() })).describe('Store credit balances carried over (minor units)'),
  })
  .meta({ id: 'CustomerMergeRecord' });
export type MergeRecord = z.infer<typeof mergeRecordSchema>;

export const customerMerged = defineEvent({
  type: 'customer.merged',
  version: 1,
  aggregateType: 'customer',
  summary: 'A source customer was merged into the target (the aggregate): its orders and history moved; `moved` is the record of what moved.',
  payload: z.object({ mergeId: z.string(), targetId: z.string(), sourceId: z.string(), moved: mergeRecordSchema }),
});

export const customerMergeUndone = defineEvent({
  type: 'customer.merge_undone',
  version: 1,
  aggregateType: 'customer',
  summary: 'A customer merge was undone: exactly what it moved went back to the source customer.',
  payload: z.object({ mergeId: z.string(), targetId: z.string(), sourceId: z.string(), moved: mergeRecordSchema }),
});

export const customersEvents = [customerCreated, customerUpdated, customerMerged, customerMergeUndone] as const;
