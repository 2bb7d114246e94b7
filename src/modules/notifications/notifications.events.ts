import { z } from 'zod';
import { defineEvent } from '../../platform/events/define.js';

/** The notifications context's public events: a customer message reached its final state. */
const messageFields = {
  messageId: z.uuid(),
  orderId: z.uuid().nullable(),
  template: z.string(),
  channel: z.enum(['email', 'sms']),
  attempts: z.number().int(),
};

export const notificationSent = defineEvent({
  type: 'notification.sent',
  version: 1,
  aggregateType: 'notification',
  summary: 'A customer message was accepted by the mail server (or SMS provider).',
  payload: z.object(messageFields),
});

export const notificationFailed = defineEvent({
  type: 'notification.failed',
  version: 1,
  aggregateType: 'notification',
  summary: 'A customer message was given up: bounced by the receiving server or failed after its last retry.',
  payload: z.object({ ...messageFields, status: z.enum(['failed', 'bounced']), error: z.string() }),
});

export const notificationSettingsUpdated = defineEvent({
  type: 'notification_settings.updated',
  version: 1,
  aggregateType: 'notification_settings',
  summary: 'The merchant changed the branding, language or switched templates of customer messages.',
  payload: z.object({ disabledTemplates: z.array(z.string()), defaultLocale: z.string() }),
});

export const notificationsEvents = [notificationSent, notificationFailed, notificationSettingsUpdated] as const;
