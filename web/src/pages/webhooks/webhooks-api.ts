/**
 * Types of the outbound webhook endpoints, written from the route schemas
 * (src/modules/webhooks/webhooks.schemas.ts) in the shape openapi-typescript generates, until
 * `npm run gen:api` brings them into api/schema.d.ts; then these can go.
 */
import type { Client } from 'openapi-fetch';
import { api, type Problem } from '../../api/client';

export interface Subscription {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  pendingDeliveries: number;
  createdAt: string;
  updatedAt: string;
}
export type SubscriptionWithSecret = Subscription & { secret: string };
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';
export interface Delivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
export interface Attempt {
  attempt: number;
  at: string;
  responseStatus: number | null;
  responseBody: string | null;
  latencyMs: number;
  signatures: number;
  error: string | null;
}
export type DeliveryDetail = Delivery & { request: { url: string; body: string }; log: Attempt[] };

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Problems = { [S in 400 | 401 | 403 | 404 | 409 | 422 | 429]: Json<Problem> };
type Params<P, Q = never> = { query?: Q; header?: never; path: P; cookie?: never };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Op<P, B, R> = { parameters: P; responses: R & Problems } & (B extends undefined ? { requestBody?: never } : { requestBody: { content: { 'application/json': B } } });
type Base = { parameters: { query?: never; header?: never; path?: never; cookie?: never } };
type Id = { id: string };

export type WebhookPaths = {
  '/api/v1/webhooks': Base & {
    get: Op<NoParams, undefined, { 200: Json<{ items: Subscription[] }> }>;
    post: Op<NoParams, { url: string; eventTypes: string[]; description?: string; enabled?: boolean }, { 201: Json<SubscriptionWithSecret> }>;
  };
  '/api/v1/webhooks/{id}': Base & {
    patch: Op<Params<Id>, { url?: string; eventTypes?: string[]; description?: string | null; enabled?: boolean }, { 200: Json<Subscription> }>;
    delete: Op<Params<Id>, undefined, { 200: Json<{ id: string; deleted: true }> }>;
  };
  '/api/v1/webhooks/{id}/rotate-secret': Base & { post: Op<Params<Id>, undefined, { 200: Json<SubscriptionWithSecret> }> };
  '/api/v1/webhooks/{id}/deliveries': Base & {
    get: Op<Params<Id, { status?: DeliveryStatus; limit?: number; cursor?: string }>, undefined, { 200: Json<{ items: Delivery[]; nextCursor: string | null }> }>;
  };
  '/api/v1/webhook-deliveries/{deliveryId}': Base & { get: Op<Params<{ deliveryId: string }>, undefined, { 200: Json<DeliveryDetail> }> };
  '/api/v1/webhook-deliveries/{deliveryId}/replay': Base & { post: Op<Params<{ deliveryId: string }>, undefined, { 200: Json<Delivery> }> };
};

/** The console's API client (same session and CSRF handling), typed for these paths. */
export const webhooksApi = api as unknown as Client<WebhookPaths>;
