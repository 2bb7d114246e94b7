import { z } from 'zod';

const eventTypeList = z
  .array(z.string().regex(/^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*)+)$/, 'must be an event type such as order.placed, or *'))
  .min(1, 'name at least one event type')
  .max(200);

export const createSubscriptionBody = z
  .object({
    url: z.string().trim().max(2000),
    eventTypes: eventTypeList.describe('Event types from GET /api/v1/asyncapi.json (docs/events.md); * for all'),
    description: z.string().trim().max(500).optional(),
    enabled: z.boolean().default(true),
  })
  .meta({ id: 'CreateWebhookSubscription' });

export const updateSubscriptionBody = z
  .object({
    url: z.string().trim().max(2000).optional(),
    eventTypes: eventTypeList.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    enabled: z.boolean().optional().describe('true re-enables an endpoint that was disabled after persistent failure'),
  })
  .meta({ id: 'UpdateWebhookSubscription' });

export const subscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    disabledAt: z.string().nullable(),
    disabledReason: z.string().nullable().describe('Why Ordo disabled it (persistent failure); null when enabled or disabled by hand'),
    failingSince: z.string().nullable(),
    previousSecretExpiresAt: z.string().nullable().describe('Until then deliveries carry a second signature with the previous secret'),
    pendingDeliveries: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookSubscription' });

export const subscriptionWithSecretSchema = subscriptionSchema
  .extend({ secret: z.string().describe('Standard Webhooks signing secret (whsec_…); shown on create and rotation only') })
  .meta({ id: 'WebhookSubscriptionWithSecret' });

export const attemptSchema = z
  .object({
    attempt: z.number().int(),
    at: z.string(),
    responseStatus: z.number().int().nullable(),
    responseBody: z.string().nullable().describe('First 2 KiB'),
    latencyMs: z.number().int(),
    signatures: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: 'WebhookAttempt' });

export const deliverySchema = z
  .object({
    id: z.string(),
    subscriptionId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    responseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const deliveryDetailSchema = deliverySchema
  .extend({ request: z.object({ url: z.string(), body: z.string() }), log: z.array(attemptSchema) })
  .meta({ id: 'WebhookDeliveryDetail' });

export const deliveriesQuery = z.object({
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d+$/, 'must be a cursor from a previous page').optional(),
});

export const replayRangeBody = z
  .object({
    from: z.iso.datetime({ offset: true }).describe('Deliveries created at or after'),
    to: z.iso.datetime({ offset: true }).describe('… and before'),
    status: z.enum(['failed', 'all']).default('all').describe('failed: only deliveries whose retries ran out'),
  })
  .refine((b) => Date.parse(b.from) < Date.parse(b.to), { path: ['to'], message: 'must be after from' })
  .meta({ id: 'WebhookReplayRange' });

export type CreateSubscriptionInput = z.output<typeof createSubscriptionBody>;
export type UpdateSubscriptionInput = z.output<typeof updateSubscriptionBody>;
export type SubscriptionJson = z.infer<typeof subscriptionSchema>;
export type DeliveryJson = z.infer<typeof deliverySchema>;
