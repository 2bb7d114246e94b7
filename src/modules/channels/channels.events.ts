import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';
import { channelTypes } from '../../platform/db/schema/index.js';

export const channelConnectionSaved = defineEvent({
  type: 'channel_connection.saved',
  version: 1,
  aggregateType: 'channel_connection',
  summary: 'A sales channel connection was created or its credentials, settings or state changed (credentials never included).',
  payload: z.object({ connectionId: z.string(), name: z.string(), type: z.enum(channelTypes), active: z.boolean(), credentialsChanged: z.boolean() }),
});

export const channelOrderSynced = defineEvent({
  type: 'channel_order.synced',
  version: 1,
  aggregateType: 'channel_order',
  summary: 'A channel order version was applied: placed as an Ordo order, held for missing data, updated or cancelled.',
  payload: z.object({
    connectionId: z.string(),
    externalId: z.string(),
    outcome: z.enum(['placed', 'held', 'updated', 'cancelled']),
    orderId: z.string().nullable(),
    reason: z.string().nullable(),
    externalUpdatedAt: z.string(),
  }),
});



export const channelRefundSynced = defineEvent({
  type: 'channel_refund.synced',
  version: 1,
  aggregateType: 'channel_refund',
  summary: 'A refund was synced with a channel: made in Ordo and pushed to the platform (outbound), or made on the platform and recorded (inbound).',
  payload: z.object({
    connectionId: z.string(),
    orderId: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    externalRefundId: z.string().nullable(),
    amount: z.object({ amount: z.number().int(), currency: z.string() }),
  }),
});
export const channelRefundPushRefused = defineEvent({
  type: 'channel_refund.push_refused',
  version: 1,
  aggregateType: 'channel_refund',
  summary: 'The platform refused a refund Ordo pushed for a settled return (it is not retried; the money has to be given back another way).',
  payload: z.object({
    connectionId: z.string(),
    orderId: z.string(),
    returnId: z.string(),
    amount: z.object({ amount: z.number().int(), currency: z.string() }),
    reason: z.string(),
  }),
});

export const channelsEvents = [channelConnectionSaved, channelOrderSynced, channelRefundSynced, channelRefundPushRefused] as const;
