import type { Deps } from '../../platform/context.js';
import type { EventHandler } from '../../platform/outbox/dispatcher.js';
import { shipmentHandOffHandler } from './shipment-handed-off.js';
import { orderPromiseHandler, restockPromiseHandler } from './promises.js';

/** Shipping's outbox consumers (see src/handlers.ts). */
export const shippingHandlers = (deps: Deps): EventHandler[] => [shipmentHandOffHandler(deps), orderPromiseHandler(deps), restockPromiseHandler(deps)];
