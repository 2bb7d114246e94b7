import type { Deps } from './platform/context.js';
import type { EventHandler } from './platform/outbox/dispatcher.js';
import { riskOnPaymentAuthorized } from './modules/risk/index.js';
import { paymentLifecycleHandler } from './modules/payments/index.js';
import { fulfillmentHandlers } from './modules/fulfillment/index.js';
import { sourcingHandlers } from './modules/sourcing/index.js';
import { shippingHandlers } from './modules/shipping/index.js';
import { channelsHandlers } from './modules/channels/index.js';
import { notificationHandlers } from './modules/notifications/index.js';
import { webhookFanOutHandler } from './modules/webhooks/index.js';
import { analyticsHandlers } from './modules/analytics/index.js';
import { supportHandlers } from './modules/support/index.js';
import { notesHandlers } from './modules/notes/index.js';

/**
 * Every in-process consumer of outbox events, module by module (like routes.ts for HTTP).
 * The server's dispatcher runs them; tests run them with `TestApp.drain()`.
 * Handlers must be idempotent per event (the dispatcher records (handler, event) pairs).
 */
export const eventHandlers = (deps: Deps): EventHandler[] => [
  // Risk first: a fraud hold placed on payment.authorized must exist before sourcing or fulfillment act on it.
  riskOnPaymentAuthorized(deps),
  paymentLifecycleHandler(deps),
  ...sourcingHandlers(deps),
  ...fulfillmentHandlers(deps),
  ...shippingHandlers(deps),
  ...channelsHandlers(deps),
  ...notificationHandlers(deps),
  // Records the outbound webhook deliveries of every event (sent by the webhook sender, not here).
  webhookFanOutHandler(deps),
  ...analyticsHandlers(deps),
  ...supportHandlers(deps),
  ...notesHandlers(deps),
];
