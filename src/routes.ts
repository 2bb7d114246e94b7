import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from './platform/context.js';
import type { ApiKeyResolver } from './platform/auth/api-keys.js';
import { locationsRoutes } from './modules/locations/index.js';
import { inventoryRoutes } from './modules/inventory/index.js';
import { productsRoutes } from './modules/catalog/index.js';
import { customersRoutes } from './modules/customers/index.js';
import { ordersRoutes } from './modules/orders/index.js';
import { apiKeysRoutes, auditLogRoutes } from './modules/admin/index.js';
import { eventOpsRoutes } from './modules/admin/index.js';
import { usersRoutes } from './modules/users/index.js';
import { reportsRoutes } from './modules/reports/index.js';
import { shippingRoutes, shipmentsRoutes } from './modules/shipping/index.js';
import { riskRoutes } from './modules/risk/index.js';
import { paymentsRoutes } from './modules/payments/index.js';
import { fulfillmentRoutes } from './modules/fulfillment/index.js';
import { sourcingRoutes } from './modules/sourcing/index.js';
import { channelsRoutes } from './modules/channels/index.js';
import { ingestChannelOrder } from './flows/ingest-channel-order.js';
import { notificationsRoutes, publicNotificationRoutes } from './modules/notifications/index.js';
import { returnsRoutes } from './modules/returns/index.js';
import { cancelOrder } from './flows/cancel-order.js';
import { systemActor } from './platform/auth/roles.js';
import { receiveReturnRoutes } from './flows/receive-return.routes.js';
import { pollChannelOrders } from './flows/poll-channel-orders.js';
import { exportsRoutes } from './modules/exchange/index.js';
import { defaultWebhookSettings, webhooksRoutes, type WebhookSettings } from './modules/webhooks/index.js';
import { eventCatalog } from './events.js';
import { analyticsRoutes } from './modules/analytics/index.js';

/** Every /api/v1 route, module by module. */
export const apiRoutes =
  (deps: Deps, platform: { apiKeys: ApiKeyResolver; pickupExpiryDays?: number | undefined; webhooks?: WebhookSettings | undefined }): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(locationsRoutes(deps));
    await app.register(inventoryRoutes(deps));
    await app.register(productsRoutes(deps));
    await app.register(customersRoutes(deps));
    await app.register(ordersRoutes(deps));
    await app.register(apiKeysRoutes(deps, platform.apiKeys));
    await app.register(auditLogRoutes(deps));
    await app.register(usersRoutes(deps));
    await app.register(reportsRoutes(deps));
    await app.register(shippingRoutes(deps));
    await app.register(shipmentsRoutes(deps));
    await app.register(riskRoutes(deps));
    await app.register(paymentsRoutes(deps));
    await app.register(fulfillmentRoutes(deps, { pickupExpiryDays: platform.pickupExpiryDays ?? 7 }));
    await app.register(sourcingRoutes(deps));
    await app.register(channelsRoutes(deps, { ingest: ingestChannelOrder, poll: pollChannelOrders }));
    await app.register(notificationsRoutes(deps));
    await app.register(publicNotificationRoutes(deps, { cancelOrder: (orderId, reason) => cancelOrder({ ...deps, actor: systemActor }, { orderId, reason }) }));
    await app.register(returnsRoutes(deps));
    await app.register(eventOpsRoutes(deps));
    await app.register(receiveReturnRoutes(deps));
    await app.register(exportsRoutes(deps));
    await app.register(webhooksRoutes(deps, { settings: platform.webhooks ?? defaultWebhookSettings, eventTypes: eventCatalog.map((d) => d.type) }));
    await app.register(analyticsRoutes(deps));
  };
