export { analyticsRoutes } from './analytics.routes.js';
export { analyticsHandlers } from './analytics.handlers.js';
export { rebuildSalesRollups, refreshOrderFacts } from './sales-facts.js';
export { salesReport } from './sales-report.js';
export { demandForecast } from './demand-forecast.js';
export { topReport } from './top-report.js';
export { fulfillmentSpeed } from './fulfillment-speed.js';
export { inventoryTurnover } from './inventory-turnover.js';
export { onTimeDelivery } from './on-time-delivery.js';
