export { webhooksRoutes } from './webhooks.routes.js';
export { webhookFanOutHandler } from './deliveries.js';
export { sendDueWebhooks, type SendResult } from './sender.js';
export { defaultWebhookSettings, type WebhookSettings } from './subscriptions.js';
export { isPrivateAddress, refuseWebhookUrl } from './url-guard.js';
export * from './webhooks.events.js';
