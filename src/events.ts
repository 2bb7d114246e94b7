import type { EventDefinition } from './platform/events/define.js';
import { ordersEvents } from './modules/orders/index.js';
import { catalogEvents } from './modules/catalog/index.js';
import { customersEvents } from './modules/customers/index.js';
import { locationsEvents } from './modules/locations/index.js';
import { usersEvents } from './modules/users/index.js';
import { inventoryEvents } from './modules/inventory/index.js';
import { riskEvents } from './modules/risk/index.js';
import { paymentsEvents } from './modules/payments/index.js';
import { sourcingEvents } from './modules/sourcing/index.js';
import { fulfillmentEvents } from './modules/fulfillment/index.js';
import { shippingEvents } from './modules/shipping/index.js';
import { channelsEvents } from './modules/channels/index.js';
import { notificationsEvents } from './modules/notifications/index.js';
import { returnsEvents } from './modules/returns/index.js';
import { webhooksEvents } from './modules/webhooks/index.js';
import { importsEvents } from './modules/imports/index.js';
import { notesEvents } from './modules/notes/index.js';
import { supportEvents } from './modules/support/index.js';
import { purchasingEvents } from './modules/purchasing/index.js';

/**
 * The event catalog: every declared event type, module by module (like handlers.ts for consumers).
 * It is the public contract third parties receive over NATS and webhooks; docs are generated from it.
 */
export const eventCatalog: readonly EventDefinition[] = [
  ...ordersEvents,
  ...catalogEvents,
  ...customersEvents,
  ...locationsEvents,
  ...usersEvents,
  ...inventoryEvents,
  ...riskEvents,
  ...paymentsEvents,
  ...sourcingEvents,
  ...fulfillmentEvents,
  ...shippingEvents,
  ...channelsEvents,
  ...notificationsEvents,
  ...returnsEvents,
  ...webhooksEvents,
  ...importsEvents,
  ...notesEvents,
  ...supportEvents,
  ...purchasingEvents,
];
