import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';

/** A subscription as events show it (never its secret). */
const subscription = {
  subscriptionId: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
};

/** The webhooks context's public events. */
export const webhookSubscriptionCreated = defineEvent({
  type: 'webhook_subscription.created',
  version: 1,
  aggregateType: 'webhook_subscription',
  summary: 'An outbound webhook endpoint was subscribed to event types.',
  payload: z.object(subscription),
});

export const webhookSubscriptionUpdated = defineEvent({
  type: 'webhook_subscription.updated',
  version: 1,
  aggregateType: 'webhook_subscription',
  summary: 'A webhook subscription changed (URL, event types, enabled); changed names the fields.',
  payload: z.object({ ...subscription, changed: z.array(z.string()) }),
});

export const webhookSubscriptionDeleted = defineEvent({
  type: 'webhook_subscription.deleted',
  version: 1,
  aggregateType: 'webhook_subscription',
  summary: 'A webhook subscription and its delivery log were deleted.',
  payload: z.object({ subscriptionId: z.string(), url: z.string() }),
});

export const webhookSubscriptionSecretRotated = defineEvent({
  type: 'webhook_subscription.secret_rotated',
  version: 1,
  aggregateType: 'webhook_subscription',
  summary: 'A new signing secret was issued; the previous one also signs until previousSecretExpiresAt.',
  payload: z.object({ subscriptionId: z.string(), previousSecretExpiresAt: z.string() }),
});

export const webhookSubscriptionDisabled = defineEvent({
  type: 'webhook_subscription.disabled',
  version: 1,
  aggregateType: 'webhook_subscription',
  summary: 'An endpoint kept failing until a delivery exhausted its retries (about 3 days): it was disabled and its deliveries wait.',
  payload: z.object({ subscriptionId: z.string(), url: z.string(), reason: z.string(), failingSince: z.string().nullable(), deliveryId: z.string() }),
});

export const webhooksEvents = [
  webhookSubscriptionCreated,
  webhookSubscriptionUpdated,
  webhookSubscriptionDeleted,
  webhookSubscriptionSecretRotated,
  webhookSubscriptionDisabled,
] as const;
