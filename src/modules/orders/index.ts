export { ordersRoutes } from './orders.routes.js';
export { getOrderJson, loadOrder, writeStatus, holdJson, lineQuantities, activeHoldCount } from './orders.repository.js';
export type { OrderJson, PlaceOrderInput } from './orders.schemas.js';
export { placeHold, releaseHold } from './order-holds.js';
export { ordersEvents, orderStatusChanged } from './orders.events.js';
export { insertHistoricalOrders, insertHistoricalLines, recordHistoricalReturns, refreshHistoricalTotals } from './historical-orders.js';
export type { HistoricalOrder, HistoricalLine } from './historical-orders.js';
