import type { EventDefinition } from './platform/events/define.js';
import { ordersEvents } from './modules/orders/index.js';
import { fulfillmentEvents } from './modules/fulfillment/index.js';
import { paymentsEvents } from './modules/payments/index.js';
import { shippingEvents } from './modules/shipping/index.js';
import { notificationsEvents } from './modules/notifications/index.js';

/**
 * The event catalog: every declared event type, module by module (like handlers.ts for consumers).
 * It is the public contract third parties receive over NATS and webhooks; docs are generated from it.
 */
export const eventCatalog: readonly EventDefinition[] = [...ordersEvents, ...fulfillmentEvents, ...paymentsEvents, ...shippingEvents, ...notificationsEvents];
