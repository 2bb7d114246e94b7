export { shippingRoutes } from './shipping.routes.js';
export { quoteShipping } from './quote-shipping.js';
export { getShippingProfile, shipFromOf } from './shipping-profiles.js';
export { shipmentsRoutes } from './shipments.routes.js';
export { shippingHandlers } from './shipping.handlers.js';
export { shippingWebhookRoutes, type ShippingWebhookSettings } from './shipping-webhooks.routes.js';
export { createCarrierApis, type CarrierApis, type CarrierApiSettings } from './carriers/carrier-apis.js';
export { abandonStaleLabelOperations } from './label-operations.js';
export { checkOrderPostalCodes, refuseRestrictedGoods } from './placement-checks.js';
