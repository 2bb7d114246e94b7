export { ordersRoutes } from './orders.routes.js';
export { getOrderJson, loadOrder, writeStatus, holdJson, lineQuantities, activeHoldCount, findOrderIdByNumber } from './orders.repository.js';
export type { OrderJson, PlaceOrderInput } from './orders.schemas.js';
export { placeHold, releaseHold } from './order-holds.js';
export * from './orders.events.js';
