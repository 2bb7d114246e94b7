import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from './platform/context.js';
import type { ApiKeyResolver } from './platform/auth/api-keys.js';
import { locationsRoutes } from './modules/locations/index.js';
import { inventoryRoutes } from './modules/inventory/index.js';
import { productsRoutes } from './modules/catalog/index.js';
import { customersRoutes } from './modules/customers/index.js';
import { ordersRoutes } from './modules/orders/index.js';
import { apiKeysRoutes, auditLogRoutes } from './modules/admin/index.js';
import { usersRoutes } from './modules/users/index.js';
import { reportsRoutes } from './modules/reports/index.js';
import { shippingRoutes, shipmentsRoutes } from './modules/shipping/index.js';
import { riskRoutes } from './modules/risk/index.js';
import { paymentsRoutes } from './modules/payments/index.js';
import { fulfillmentRoutes } from './modules/fulfillment/index.js';
import { sourcingRoutes } from './modules/sourcing/index.js';
import { placeOrder } from './flows/place-order.js';
import { cancelOrder } from './flows/cancel-order.js';

/** Every /api/v1 route, module by module. */
export const apiRoutes =
  (deps: Deps, platform: { apiKeys: ApiKeyResolver; pickupExpiryDays?: number | undefined }): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(locationsRoutes(deps));
    await app.register(inventoryRoutes(deps));
    await app.register(productsRoutes(deps));
    await app.register(customersRoutes(deps));
    await app.register(ordersRoutes(deps, { placeOrder, cancelOrder }));
    await app.register(apiKeysRoutes(deps, platform.apiKeys));
    await app.register(auditLogRoutes(deps));
    await app.register(usersRoutes(deps));
    await app.register(reportsRoutes(deps));
    await app.register(shippingRoutes(deps));
    await app.register(shipmentsRoutes(deps));
    await app.register(riskRoutes(deps, { cancelOrder }));
    await app.register(paymentsRoutes(deps));
    await app.register(fulfillmentRoutes(deps, { pickupExpiryDays: platform.pickupExpiryDays ?? 7 }));
    await app.register(sourcingRoutes(deps));
  };
