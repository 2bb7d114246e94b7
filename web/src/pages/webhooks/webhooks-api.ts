/** Types of the outbound webhook endpoints, from the generated API schema (`npm run gen:api`). */
import { api } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type Subscription = Schemas['WebhookSubscription'];
export type SubscriptionWithSecret = Schemas['WebhookSubscriptionWithSecret'];
export type Delivery = Schemas['WebhookDelivery'];
export type DeliveryStatus = Delivery['status'];
export type Attempt = Schemas['WebhookAttempt'];
export type DeliveryDetail = Schemas['WebhookDeliveryDetail'];

/** The console's API client (same session and CSRF handling); the webhook paths are in its schema. */
export const webhooksApi = api;
