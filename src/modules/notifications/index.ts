export { notificationHandlers } from './notifications.handlers.js';
export { notificationsEvents, notificationSent, notificationFailed } from './notifications.events.js';
export { sendDueMessages, sendBackoffMs, maxSendAttempts, type SenderEnv, type SendResult } from './sender.js';
export { smtpMailer, emlMailer, SendError, type Mailer, type OutgoingMail } from './transport.js';
export { queueEmail } from './queue.js';
export { linkToken, verifyLinkToken } from './links.js';
export { notificationsRoutes } from './notifications.routes.js';
export { publicNotificationRoutes, statusPages } from './public.routes.js';
