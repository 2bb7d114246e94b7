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

export const assistantHandover = defineEvent({
  type: 'assistant.handover_requested',
  version: 1,
  aggregateType: 'order',
  summary: 'The self-service assistant handed a customer over to a person (returns, address changes, anything unclear, or asked for); support opens a case from it.',
  payload: z.object({
    orderId: z.uuid(),
    orderNumber: z.string(),
    intent: z.string(),
    language: z.string(),
    message: z.string().describe('What the customer wrote'),
    reply: z.string().describe('What the assistant answered'),
  }),
});

export const notificationsEvents = [notificationSent, notificationFailed, notificationSettingsUpdated, assistantHandover] as const;
