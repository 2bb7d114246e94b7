export { fulfillmentRoutes, type FulfillmentOptions } from './fulfillment.routes.js';
export { fulfillmentHandlers } from './fulfillment.handlers.js';
export { cancelExpiredPickups } from './expire-pickups.js';
export { releaseOrderForFulfillment } from './release-fulfillment.js';
export { advanceOrder, statusAfterShipment } from './order-progress.js';
export * from './fulfillment.events.js';
export { handOff } from './hand-off.js';
export { pickingStartedOf, pickingStartedStatuses } from './picking-started.js';
export { cancelUncoveredFulfillments } from './order-cancelled.js';
