import type { EventDefinition } from './platform/events/define.js';
import { ordersEvents } from './modules/orders/index.js';
import { importsEvents } from './modules/imports/index.js';

/**
 * The event catalog: every declared event type, module by module (like handlers.ts for consumers).
 * It is the public contract third parties receive over NATS and webhooks; docs are generated from it.
 */
export const eventCatalog: readonly EventDefinition[] = [...ordersEvents, ...importsEvents];
