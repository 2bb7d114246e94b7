export { ordersRoutes } from './orders.routes.js';
export { getOrderJson, loadOrder } from './orders.repository.js';
export { activeHoldCount, lineQuantities, writeStatus } from './orders.repository.js';
export type { OrderJson, PlaceOrderInput } from './orders.schemas.js';
