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

const preferencesSnapshot = z.object({
  locale: z.string().nullable(),
  phone: z.string().nullable(),
  smsOptIn: z.boolean(),
  marketingConsent: z.boolean(),
  unsubscribedAt: z.string().nullable(),
  updatedAt: z.string(),
});
const preferencesMerge = z.object({
  kept: z.enum(['source', 'target']).describe('Whose preferences the target holds now: the more recently stated ones'),
  source: preferencesSnapshot,
  targetBefore: preferencesSnapshot.nullable(),
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
    supportCases: z.array(z.string()).optional().describe('Support cases moved (absent in merges recorded before cases moved)'),
    contactPreferences: preferencesMerge.nullable().optional().describe('What happened to contact preferences and consent; null when the source had none'),
  })
  .meta({ id: 'CustomerMergeRecord' });
export type MergeRecord = z.infer<typeof mergeRecordSchema>;

/** The record as events carry it: contact details and consent stay out (webhooks see events), only whose preferences the target kept. */
const mergeRecordEventSchema = mergeRecordSchema.extend({
  contactPreferences: z.object({ kept: z.enum(['source', 'target']) }).nullable().optional().describe('Whose contact preferences the target kept; null when the source had none'),
});

export const customerMerged = defineEvent({
  type: 'customer.merged',
  version: 1,
  aggregateType: 'customer',
  summary: 'A source customer was merged into the target (the aggregate): its orders and history moved; `moved` is the record of what moved.',
  payload: z.object({ mergeId: z.string(), targetId: z.string(), sourceId: z.string(), moved: mergeRecordEventSchema }),
});

export const customerMergeUndone = defineEvent({
  type: 'customer.merge_undone',
  version: 1,
  aggregateType: 'customer',
  summary: 'A customer merge was undone: exactly what it moved went back to the source customer.',
  payload: z.object({ mergeId: z.string(), targetId: z.string(), sourceId: z.string(), moved: mergeRecordEventSchema }),
});

export const customersEvents = [customerCreated, customerUpdated, customerMerged, customerMergeUndone] as const;
