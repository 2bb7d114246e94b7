/** Purchasing: suppliers, purchase orders (state table in src/domain/purchasing), receiving, the reorder trigger. */
export { purchasingRoutes } from './purchasing.routes.js';
export { runReorder, defaultReorderSettings } from './reorder.js';
export { receivePurchaseOrder } from './receive-purchase-order.js';
export { expectedRestock, incomingUnits } from './purchase-orders.repository.js';
export * from './purchasing.events.js';
