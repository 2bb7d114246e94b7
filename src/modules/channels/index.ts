export { channelsEvents, channelOrderSynced, channelConnectionSaved } from './channels.events.js';
export { lockChannelOrder, logSync, skuFacts, loadConnection, findChannelOrderByOrderId, type ChannelOrderRow, type ConnectionRow } from './channels.repository.js';
export { secretBox, loadOrCreateSecretKey, type SecretBox } from './secret-box.js';
export { credentialsOf } from './save-connection.js';
export { channelsRoutes, type IngestFn } from './channels.routes.js';
export { channelWebhookRoutes } from './webhooks.routes.js';
export { channelsHandlers, queueAvailability } from './channels.handlers.js';
export { pushChannelAvailability } from './push-availability.js';
